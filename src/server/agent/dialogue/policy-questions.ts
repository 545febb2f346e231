/**
 * Questions about the operator's rules that sound like something else (issue 21, item 4): "can I pay
 * cash?" is not a payment, "can my brother use my gate code?" is not a request for one, and "is
 * insurance mandatory to rent?" is not a reservation. Each is answered from the facility's own policy
 * (info-answers.ts, tools/policy-topics.ts) before the intent switch of route.ts.
 */
import type { Intent } from "@/server/agent/nlu";
import { runTool } from "@/server/agent/tools";

import { answerPaymentMethods, answerPolicy, asksPaymentMethods, operatorPolicy } from "./info-answers";
import { say } from "./phrases";
import { withFollowUp } from "./say";
import type { PolicyTurn } from "./turn";
import { first } from "./understand";

/** Requests that a question about which payments are taken never replaces. */
const NOT_PAYMENT_METHODS = new Set<Intent>([
  "emergency",
  "speak_to_person",
  "leave_message",
  "cancel_reservation",
  "goodbye",
  "balance_inquiry",
]);
/** "can I pay with a card?" asks which payments are taken; "I want to pay with a card" is a payment. */
const ASKS_A_QUESTION =
  /\b(?:can|could|do|does|will|would|may|is|are)\s+(?:i|we|you|y'?all|ya|u|they|it|that|cash|checks?|cards?)\b|\b(?:what|which|how)\b|\?\s*$|¿/i;
const PAYMENT_METHOD_NOUNS =
  /\b(forms?|kinds?|types?|methods?|ways?) (of|to) pa(y|yment|yments)\b|\bpayment (methods?|options?|types?)\b|\b(formas?|m[eé]todos?|tipos?|maneras?|opciones?) de pago\b/i;
/** The caller's own account: "what's my balance, and what forms of payment…" is a balance first. */
const OWN_ACCOUNT = /\b(my|balance|owe|mi|saldo|debo|cuenta)\b/i;

export const asksWhichPayments = (text: string) =>
  PAYMENT_METHOD_NOUNS.test(text) || (asksPaymentMethods(text) && ASKS_A_QUESTION.test(text));

/** "how do I pay my rent?": the facility's own payment rule comes before the way to pay now. */
export const HOW_TO_PAY =
  /\bhow (do|can|could|would|should) (i|we)\b.{0,20}\bpay\b|\bwhere (do|can|should) (i|we) pay\b/i;

/** "can my brother use my gate code?": the facility's rule on codes, not a request for one. */
const PEOPLE =
  "(?:(?:my|the|our|a) (?:brother|sister|friends?|wife|husband|son|daughter|partner|mom|dad|mother|father|roommate|boyfriend|girlfriend|kids?|movers?|moving company|family|employees?|contractor)|someone else|somebody else|another person|other people)";
/** "¿mi hermano puede usar mi código?", "¿puedo darle mi código a mi esposa?": the same in Spanish. */
const PEOPLE_ES =
  "(?:\\b(?:mi|mis|el|la|los|las|un|una|otr[oa]s?) (?:herman[oa]s?|amig[oa]s?|espos[oa]|marido|mujer|hij[oa]s?|novi[oa]|pareja|mam[aá]|pap[aá]|madre|padre|familia|familiares|emplead[oa]s?|trabajador(?:es)?|mudanceros?|cu[ñn]ad[oa]|prim[oa]|t[ií][oa]|compa[ñn]er[oa]|soci[oa])|\\botras? personas?|\\botra gente|\\balguien m[aá]s)";
const CODE_ES = "c[oó]digos?(?! de confirmaci)";
/**
 * "Can my wife pick up stuff from my unit if I'm out of town?": someone else getting in is the rule
 * on codes (everyone who enters keys in their own), not the gate hours it was heard as.
 */
const SOMEONE_ELSE_GETS_IN = new RegExp(
  `${PEOPLE}.{0,30}\\b(?:pick(?:ing)? up|get into|getting into|access|go into|get (?:my|our|some|the) (?:stuff|things|belongings)|come (?:to|by)|go (?:to|in))\\b.{0,40}\\b(?:my|our) (?:unit|stuff|things|belongings|storage|locker)\\b`,
  "i",
);
const GATE_CODE_RULE = new RegExp(
  `\\b(share|sharing|lend|lending)\\b.{0,40}\\bcodes?\\b|\\bcodes?\\b.{0,40}(\\bshare\\b|\\bsharing\\b|${PEOPLE})|${PEOPLE}.{0,40}\\b(use|have|get|know|borrow)\\b.{0,20}\\bcodes?\\b` +
    `|\\b(compartir|compartirlo|compartirle|comparto|comparta|prestar|prestarle|prestarlo|presto|darle|darles|pasarle|pasarles)\\b.{0,40}\\b${CODE_ES}` +
    `|\\b${CODE_ES}.{0,40}(\\bcompart|${PEOPLE_ES})` +
    `|${PEOPLE_ES}.{0,40}\\b(usar|use|usa|tener|tenga|saber|sepa|conocer|entrar|entre|pasar|pase)\\b.{0,20}\\b${CODE_ES}` +
    `|\\b(usar|use|usa|entrar|entre|pasar|pase)\\b.{0,20}${PEOPLE_ES}.{0,20}\\b${CODE_ES}`,
  "i",
);
/** However a question about sharing a code was heard, it is about the code's rules. */
const GATE_CODE_RULE_INTENTS = new Set<Intent>([
  "gate_code_request",
  "access_hours_inquiry",
  "hours_inquiry",
  "policy_question",
  "unclear",
  "out_of_scope",
]);

/**
 * "Is insurance mandatory to rent?", "¿es obligatorio tener seguro?": whether coverage is required,
 * however much the rest of the sentence sounds like renting. Spanish "seguro" is insurance only
 * after an article or verb ("no estoy seguro" is "I'm not sure").
 */
const COVERAGE =
  /\b(insurance|insured|coverage|protection plan)\b|\b(el|un|tener|tengo|con|sin|su|mi|de|algún|algun) seguro\b|\baseguranza\b/i;
const REQUIRED =
  /\b(mandatory|required|require|requirement|need|needs|have to|got to|gotta|must|optional|obligatori[oa]|necesito|necesario|necesaria|requisito|tengo que|hay que|piden)\b/i;
const COVERAGE_RULE_INTENTS = new Set<Intent>([
  "reserve_unit",
  "price_inquiry",
  "availability_inquiry",
  "move_in_requirements",
  "policy_question",
  "unclear",
]);

/** The intent correction: a question whether coverage is required is a protection-plan question. */
export const asksWhetherCoverageRequired = (turn: PolicyTurn, routed: Intent) =>
  COVERAGE_RULE_INTENTS.has(routed) &&
  COVERAGE.test(turn.utterance.text) &&
  REQUIRED.test(turn.utterance.text) &&
  !first(turn.utterance, "unit_size");

/**
 * "Can I pay month to month?", "is there a contract?", "do I have to sign a lease?", "what's the
 * minimum rental period?": how long a rental commits the caller to, not a payment (it had started the
 * account's verification for a payment link) nor the move-in checklist.
 */
const ASKS_LEASE_TERMS =
  /\bmonth[- ]to[- ]month\b|\bhow long (can|do|must|should) (i|we) (rent|keep (it|a unit|the unit|my unit))( it)?( for)?\s*[?.!]*$|\brent (it |a unit |one )?for (just |only )?(one|a|1|two|2|three|3|a couple of|a few) (months?|weeks?)\b|\bshort[- ]term (rental|storage|lease)\b|\b(sign|signing)\s+(a\s+|the\s+|any\s+)?(lease|contract|rental agreement)\b|\b(is|are) there (a |any )?(contract|lease|commitment|minimum)\b|\bminimum\b.{0,25}\b(rental|rent|stay|term|period|months?|time|commitment|lease|contract)\b|\b(long[- ]term|annual|yearly|year[- ]long|\d+[- ]month) (contract|lease|commitment)\b|\bhow long (do|must|would|will) (i|we|you) (have to |need to )?(rent|keep it|stay|commit|sign)\b|\b(lease|contract) (terms?|length)\b|\bcommitment\b|\bmes a mes\b|\b(plazo|tiempo) m[ií]nimo\b|\bm[ií]nimo de (tiempo|meses)\b|\b(hay|tienen|firmar|firmo) (un |alg[uú]n )?contrato\b/i;
/** Leaving ("cancel my lease", "break the contract") is moving out, a rule of its own. */
const ENDS_IT = /\b(cancel|terminate|break|end|get out of|move out|cancelar|terminar)\b/i;
const NOT_LEASE_TERMS = new Set<Intent>([...NOT_PAYMENT_METHODS, "gate_code_request"]);
/** An operator's entry that speaks to lease terms (the knowledge search's nearest may be about paying online). */
const SAYS_LEASE_TERMS =
  /\bmonth[- ]to[- ]month\b|\b(lease|contract|minimum|commitment)\b|\bmes a mes\b|\bcontrato\b|\bm[ií]nimo\b/i;

export const asksLeaseTerms = (turn: PolicyTurn, intent: Intent) =>
  !NOT_LEASE_TERMS.has(intent) &&
  ASKS_LEASE_TERMS.test(turn.utterance.text) &&
  !ENDS_IT.test(turn.utterance.text) &&
  !first(turn.utterance, "unit_size");

/**
 * The operator's own entry on lease terms when there is one ("Rentals are month-to-month, with no
 * minimum stay."); otherwise the agent has nothing that says so (no lease length is stored for a
 * facility), so it says what it knows (the lease is signed at move-in) and offers the office.
 */
export async function answerLeaseTerms(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const r = (await runTool(turn.ctx, "facility_info", {
    topic: "question",
    // The caller's words ("can I pay month to month?") may be nearer an entry about paying: the
    // search is asked about lease terms, in the caller's words too.
    question: `contract lease minimum rental period month-to-month ${turn.utterance.text}`.slice(0, 500),
  })) as { ok: boolean; answers?: { question: string; answer: string }[] };
  const entry = (r.ok ? (r.answers ?? []) : []).find((e) => SAYS_LEASE_TERMS.test(`${e.question} ${e.answer}`));
  if (!state.expecting) state.offer = null;
  if (entry) return withFollowUp(turn, entry.answer);
  if (state.expecting) return say(state, "info.lease_terms_not_on_file_short");
  state.offer = "transfer";
  state.offeredPerson = true;
  return say(state, "info.lease_terms_not_on_file");
}

/**
 * The facility's billing rules, asked as questions: late fees, when rent is due, whether a part
 * month is prorated, whether rent goes up, how much notice moving out takes. Answered from the
 * knowledge base (or the office offered), never the caller's account: "what are your late fees"
 * had been the office hours, "do I pay for the whole month" the promotions, "will my rent go up
 * after the promo" and "do I need to give notice" a verification. About the caller's own account
 * ("do I have a late fee?", "why was I charged…", "am I late?") they stay account questions. Each
 * topic comes with words the knowledge search is also given: "¿cuándo hay que pagar la renta?" alone
 * finds the entry on how to pay ("pagar"), and it asks when rent is due.
 */
const BILLING_TOPICS: { words: RegExp; search: string }[] = [
  {
    words: new RegExp(
      [
        String.raw`\b(?:what|how much|is there|are there|do you (?:charge|have)|what'?s|whats|when)\b.{0,30}\blate (?:fees?|charges?|penalt(?:y|ies))\b`,
        String.raw`\blate (?:fees?|charges?|penalt(?:y|ies))\b.{0,20}(?:\?|\bpolicy\b|\bhow much\b)`,
        String.raw`\bwhat happens if (?:i|you|we|someone|a tenant) (?:pay|am|are|is|'?m|'?re|miss|don'?t pay)\b.{0,15}\b(?:late|a payment|rent)\b|\bgrace period\b`,
        String.raw`\brecargos? (?:por|de) (?:atraso|pago tard[ií]o|retraso|mora)\b|\b(?:cu[aá]nto|cu[aá]l) (?:es|cobran)(?: de| el)? recargo\b|\bqu[eé] pasa si (?:pago|me atraso|no pago)\b`,
      ].join("|"),
      "i",
    ),
    search: "late fee",
  },
  {
    words: new RegExp(
      [
        String.raw`\bwhen(?:'s| is| are| do i pay| should i pay)? (?:the |my |our )?(?:rent|payments?|monthly payments?|bill)(?: is)? due\b|\bwhat (?:day|date) (?:is|'s) (?:the |my )?rent due\b|\b(?:rent|payment) due date\b|\bwhen do (?:i|you|we) (?:pay|have to pay|charge) (?:the )?rent\b`,
        String.raw`\bcu[aá]ndo (?:se )?(?:vence|vencen|se paga|hay que pagar|tengo que pagar|debo pagar|se debe pagar|pago) (?:la renta|el pago|la mensualidad|el alquiler)\b|\bqu[eé] d[ií]a (?:vence|se paga|hay que pagar|tengo que pagar) (?:la renta|el pago|la mensualidad)\b`,
      ].join("|"),
      "i",
    ),
    search: "rent due",
  },
  {
    words: new RegExp(
      [
        String.raw`\bprorat(?:e|ed|es|ion|ing)\b|\b(?:do|would|will) (?:i|we|you) (?:have to )?(?:pay|charge(?: me)?) (?:for )?(?:the |a )?(?:whole|full|entire) month\b|\bpartial months?\b`,
        String.raw`\bprorrate\w*\b|\b(?:pago|pagar|cobran) (?:el |todo el )?mes (?:completo|entero)\b`,
      ].join("|"),
      "i",
    ),
    search: "prorated partial month",
  },
  {
    words: new RegExp(
      [
        String.raw`\b(?:rent|rates?|prices?)\b.{0,15}\b(?:go(?:es)? up|going up|increase|increases|get raised)\b|\b(?:raise|increase) (?:the |my |your )?(?:rent|rates?|prices?)\b|\b(?:rent|rate|price) (?:increases?|hikes?)\b`,
        String.raw`\b(?:sube|suben|aumenta|aumentan) (?:la renta|el precio|los precios|la mensualidad)\b|\baumentos? (?:de|en) (?:la )?(?:renta|precios?)\b`,
      ].join("|"),
      "i",
    ),
    search: "rent increase",
  },
  {
    words: new RegExp(
      String.raw`\bnotice\b.{0,40}\bmov(?:e|ing) out\b|\bmov(?:e|ing) out\b.{0,60}\bnotice\b|\bhow (?:do|can|would) (?:i|we) move out\b|\bhow much notice\b`,
      "i",
    ),
    search: "move out notice",
  },
];
const billingTopicOf = (text: string) => BILLING_TOPICS.find((t) => t.words.test(text)) ?? null;

/** What the knowledge search is asked for a billing question: its topic's words, then the caller's. */
export const billingSearchText = (text: string) => {
  const topic = billingTopicOf(text);
  return topic ? `${topic.search} ${text}` : text;
};
/** The caller's own account or a payment now: "do I have a late fee?", "I want to pay my late fee". */
const OWN_BILLING =
  /\b(?:do i have|did i|was i|were we|have i|am i|are we)\b|\bmy (?:balance|account|bill|statement)\b|\bi owe\b|\bpay (?:my|the|off|it)\b.{0,15}\blate fee\b|\bpay (?:it|my rent) now\b|\bmi (?:saldo|cuenta|factura)\b|\b(?:debo|tengo (?:un |alg[uú]n )?recargo|me cobraron|estoy atrasad[oa])\b/i;
/** Requests a billing question never replaces. */
const NOT_BILLING_RULE = new Set<Intent>([
  "emergency",
  "speak_to_person",
  "leave_message",
  "goodbye",
  "gate_code_request",
]);

export const asksBillingRule = (turn: PolicyTurn, intent: Intent) =>
  !NOT_BILLING_RULE.has(intent) &&
  !!billingTopicOf(turn.utterance.text) &&
  !OWN_BILLING.test(turn.utterance.text) &&
  !first(turn.utterance, "unit_size");

/** The route rules: which payments are taken, and whether a gate code may be shared. */
export const POLICY_QUESTION_RULES = [
  {
    // "can I pay month to month?", "is there a contract?": lease terms, before "pay" makes it a payment.
    name: "lease terms",
    applies: (turn: PolicyTurn, intent: Intent) => asksLeaseTerms(turn, intent),
    answer: (turn: PolicyTurn) => answerLeaseTerms(turn),
  },
  {
    // "what forms of payment do you take?", "can I pay cash?": the facility's payment policy, no verification.
    name: "which payments are taken",
    applies: (turn: PolicyTurn, intent: Intent) =>
      (!NOT_PAYMENT_METHODS.has(intent) && asksWhichPayments(turn.utterance.text)) ||
      // "¿qué formas de pago aceptan?" was heard as a balance question and asked for the account's name.
      (intent === "balance_inquiry" &&
        PAYMENT_METHOD_NOUNS.test(turn.utterance.text) &&
        !OWN_ACCOUNT.test(turn.utterance.text)),
    answer: async (turn: PolicyTurn) => {
      if (!turn.ctx.state.expecting) turn.ctx.state.offer = null;
      return withFollowUp(turn, await answerPaymentMethods(turn));
    },
  },
  {
    // "can my brother use my gate code?": the facility's rule on codes, never a verification for one.
    name: "may a gate code be shared",
    applies: (turn: PolicyTurn, intent: Intent) =>
      GATE_CODE_RULE_INTENTS.has(intent) &&
      (GATE_CODE_RULE.test(turn.utterance.text) || SOMEONE_ELSE_GETS_IN.test(turn.utterance.text)),
    answer: async (turn: PolicyTurn) => {
      // Whoever the caller names ("my movers", "my brother"), the question is whether a code may be shared.
      const rule = await operatorPolicy(turn, "access", `share my gate code: ${turn.utterance.text}`);
      return rule ? withFollowUp(turn, rule) : answerPolicy(turn);
    },
  },
];
