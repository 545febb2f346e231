/**
 * The operator's own policies on the topics where the agent also has a generic answer (insurance,
 * payments, access, move-in requirements). When both apply, the operator's wins: a facility that
 * requires a protection plan or proof of insurance says so before any plan is listed, and its own
 * move-in checklist replaces the generic one instead of following it.
 *
 * An entry is on a topic when its question, tags or answer use the topic's words (the same terms as
 * the knowledge search, so "seguro" is insurance and "pagos" payments).
 */
import { searchKnowledge, terms, type KnowledgeDoc } from "./knowledge-search";
import { answerIn, type TextLanguage } from "./operator-text";

export const POLICY_TOPICS = ["insurance", "payments", "access", "move_in"] as const;
export type PolicyTopic = (typeof POLICY_TOPICS)[number];
/**
 * Topics whose policy applies to any question on them (insurance required, what to bring, which
 * payments are taken); an access rule answers only the question it matches ("can I share my code").
 */
export const STANDING_TOPICS = new Set<PolicyTopic>(["insurance", "payments", "move_in"]);

const TOPIC_TERMS: Record<PolicyTopic, string[]> = {
  insurance: terms("insurance protection plan"),
  payments: terms("pay cash card credit debit check cheque autopay money order venmo zelle paypal"),
  access: terms("access gate code keypad entry after-hours"),
  move_in: terms("movein"),
};
/**
 * Topics whose entries count only when they are about the topic (its words in their question or
 * tags): a payment card, a late fee or the first month's rent is mentioned by many entries about
 * something else ("What do I need to rent a unit?" names "a payment card"), and none of them says
 * which payments are taken.
 */
const ABOUT_ONLY = new Set<PolicyTopic>(["payments"]);
/** "What do I need to rent a unit?": requirements for renting are move-in requirements too. */
const MOVE_IN_BOTH = [terms("require")[0]!, terms("rent")[0]!];
/** Terms no topic should be read from alone ("plan" is in "protection plan", and in many other things). */
const WEAK = new Set(terms("plan order money"));

function termsOf(entry: KnowledgeDoc, fields: "all" | "head"): Set<string> {
  const text = `${entry.question} ${entry.tags.join(" ")}${fields === "all" ? ` ${entry.answer}` : ""}`;
  return new Set(terms(text));
}

/** On the topic: its words anywhere in the entry; with "head", in its question or tags (it is about the topic). */
export function isOnTopic(entry: KnowledgeDoc, topic: PolicyTopic, fields: "all" | "head" = "all"): boolean {
  const have = termsOf(entry, fields);
  if (topic === "move_in" && MOVE_IN_BOTH.every((t) => have.has(t))) return true;
  return TOPIC_TERMS[topic].some((t) => !WEAK.has(t) && have.has(t));
}

/**
 * "Yes: every tenant must have a plan…" answers "Is insurance required?"; said to "how much is the
 * plan?" or "do I need coverage?" the rule stands on its own without the "Yes", so it is dropped
 * whatever was asked. A "No" stays: without it the rule could read the other way.
 */
function asStanding(answer: string): string {
  const rest = answer.replace(/^\s*(yes|s[ií])\s*[:,.!—-]\s*/i, "");
  return rest === answer ? answer : rest.charAt(0).toUpperCase() + rest.slice(1);
}

export interface PolicyAnswer {
  question: string;
  /** In the conversation's language when the operator wrote it (answerEs), else English. */
  answer: string;
  language: TextLanguage;
}

function policyAnswer(e: KnowledgeDoc, language: TextLanguage): PolicyAnswer {
  const a = answerIn(e, language);
  return { question: e.question, answer: asStanding(a.text), language: a.language };
}

/**
 * The operator's entry that answers `question` on `topic`; with `standing`, when none answers the
 * question itself, the facility's policy on the topic (an entry about it, a policy before an FAQ,
 * the facility's own first), because a rule such as "insurance is required" applies to every
 * question about coverage.
 */
export function operatorPolicies<T extends KnowledgeDoc & { kind?: string; facilityId?: string | null }>(
  kb: readonly T[],
  topic: PolicyTopic,
  question: string | null,
  opts: { standing?: boolean; language?: TextLanguage } = {},
): PolicyAnswer[] {
  const fields = ABOUT_ONLY.has(topic) ? "head" : "all";
  const language = opts.language ?? "en";
  if (question) {
    const hit = searchKnowledge(kb, question, 3, language)
      .map((h) => h.entry)
      .find((e) => isOnTopic(e, topic, fields));
    if (hit) return [policyAnswer(hit, language)];
  }
  if (!opts.standing) return [];
  // An entry about the topic before one that mentions it ("bring a payment card" is not the payment
  // policy), a policy before an FAQ ("how do I pay online?"), then the facility's own first.
  const rank = (e: T) => (isOnTopic(e, topic, "head") ? 0 : 4) + (e.kind === "policy" ? 0 : 2) + (e.facilityId ? 0 : 1);
  return kb
    .filter((e) => isOnTopic(e, topic, fields))
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, 1)
    .map((e) => policyAnswer(e, language));
}
