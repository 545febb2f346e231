/** Answers that only read facts: hours, access, address, promotions, protection plans, move-in, policies. */
import { runTool } from "@/server/agent/tools";
import { currentConnectAccount, paymentsConfigured } from "@/server/payments/connect-account";

import { answerText, closureOn, englishOnly, type TextLanguage } from "@/server/agent/tools/operator-text";
import type { PolicyTopic } from "@/server/agent/tools/policy-topics";

import { hoursOnAskedDay } from "./hours-on-day";
import { say } from "./phrases";
import { closedWhy, list, money, operatorSays, operatorWords, promotionWords, withFollowUp } from "./say";
import type { PromotionTerms } from "./state";
import type { PolicyTurn } from "./turn";

type Info = Record<string, unknown> & { ok: boolean };
/** A knowledge-base answer from facility_info: in the caller's language, or English when the operator wrote no Spanish. */
type KbAnswer = { question: string; answer: string; language: TextLanguage };

async function info(
  turn: PolicyTurn,
  topic: "hours" | "access" | "address" | "directions" | "promotions" | "protection_plans" | "question",
  question?: string,
) {
  return (await runTool(turn.ctx, "facility_info", { topic, question })) as Info;
}

/**
 * The operator's own policy on a topic where the agent also has a general answer (policy-topics.ts):
 * it is said first, and the general answer only adds what it leaves out. As said to the caller
 * (operatorWords: an English-only answer to a Spanish caller comes with its lead-in).
 */
export async function operatorPolicy(turn: PolicyTurn, topic: PolicyTopic, question: string): Promise<string | null> {
  const r = (await runTool(turn.ctx, "facility_info", {
    topic: "policies",
    policyTopic: topic,
    question: question.slice(0, 500),
  })) as Info;
  if (!r.ok) return null;
  const a = (r.answers as KbAnswer[])[0];
  return a ? operatorWords(turn.ctx.state, answerText(a)) : null;
}

/** When the facility is unknown (several, none chosen), the caller is asked which one. */
export async function whichFacility(turn: PolicyTurn): Promise<string> {
  const facilities = await turn.ctx.facts.facilities();
  turn.ctx.state.expecting = "facility";
  if (turn.utterance.intent !== "provide_info" && turn.utterance.intent !== "unclear")
    turn.ctx.state.pendingIntent = turn.utterance.intent;
  return say(turn.ctx.state, "info.which_location_do_you_mean", {
    list: list(
      facilities.map((f) => f.name),
      turn.ctx.state,
      { or: true },
    ),
  });
}

/** Today (or tonight) asked about by name: the hours answer is today's. */
const ASKS_TODAY = /\b(today|tonight|this (morning|afternoon|evening))\b|\bhoy\b|\besta (noche|tarde)\b/i;

export async function answerHours(turn: PolicyTurn, kind: "hours" | "access"): Promise<string> {
  const r = await info(turn, kind);
  if (!r.ok) return whichFacility(turn);
  const state = turn.ctx.state;
  state.hoursAnswered = { kind, turn: state.turns };
  const today = r.today as { date: string; hours: string | null; closedFor: string | null };
  const week = r.week as string;
  // Today's closure, its reason in the caller's language (or introduced as English).
  const why = today.closedFor
    ? closedWhy(state, closureOn(await turn.ctx.facts.closures(r.facilityId as string), today.date, state.language))
    : "";
  // "Are you open on Christmas?": that day's hours (its closure), and the week's when closed then.
  const onDay = week ? await hoursOnAskedDay(turn, kind) : null;
  if (onDay && !onDay.closed) return onDay.text;
  if (onDay)
    return `${onDay.text} ${kind === "hours" ? say(state, "info.our_office_is_open", { week }) : say(state, "info.gate_access_hours_are", { week })}`;
  // "What time do you close today?", "how late is the gate open tonight?": today's hours, not the week's.
  if (week && ASKS_TODAY.test(turn.utterance.text) && !(kind === "access" && r.aroundTheClock)) {
    const hours = kind === "hours" ? "info.today_office_open" : "info.today_access_open";
    const none = kind === "hours" ? "info.office_closed_today" : "info.access_closed_today";
    if (today.closedFor) return say(state, "info.closed_today_for", { closedFor: today.closedFor });
    const weekly = say(state, kind === "hours" ? "info.our_office_is_open" : "info.gate_access_hours_are", { week });
    if (!today.hours) return `${say(state, none)} ${weekly}`;
    const now = kind === "hours" ? (r.openNow ? "info.were_open_now" : "info.were_closed_right_now") : null;
    return `${say(state, hours, { hours: today.hours })}${now ? ` ${say(state, now)}` : ""}`;
  }
  if (kind === "access") {
    // "Can I get in on holidays?": the operator's access rule that answers it comes first.
    const rule = await operatorPolicy(turn, "access", turn.utterance.text);
    const pre = rule ? `${rule} ` : "";
    if (r.aroundTheClock) return pre + say(state, "info.you_can_access_your_unit");
    const head = week ? say(state, "info.gate_access_hours_are", { week }) : say(state, "info.the_office_can_tell_you");
    return pre + (today.closedFor ? `${head} ${say(state, "info.today_access_is_closed_for", { why })}` : head);
  }
  if (!week) return say(state, "info.i_dont_have_the_office");
  const head = say(state, "info.our_office_is_open", { week });
  if (today.closedFor) return `${head} ${say(state, "info.today_were_closed_for", { why })}`;
  return `${head} ${r.openNow ? say(state, "info.were_open_now") : say(state, "info.were_closed_right_now")}`;
}

export async function answerAddress(turn: PolicyTurn): Promise<string> {
  const r = await info(turn, "directions");
  if (!r.ok) return whichFacility(turn);
  const state = turn.ctx.state;
  const address = r.address as string;
  const directions = r.directions as string | null;
  let out = say(state, "info.is_at", { facilityName: r.facilityName, address });
  // The operator's directions, introduced as English to a Spanish caller.
  if (directions)
    out += operatorSays(state, englishOnly(directions), "info.directions", "say.directions_only_in_english");
  if (state.callerId && state.channel !== "sms") {
    state.offer = "directions";
    out += say(state, "info.would_you_like_me_to");
  }
  return out;
}

export async function answerPromotions(turn: PolicyTurn): Promise<string> {
  const r = await info(turn, "promotions");
  if (!r.ok) return whichFacility(turn);
  const state = turn.ctx.state;
  state.discountsAnswered = state.turns;
  const promos = r.promotions as ({ name: string; limitedToUnitTypes: boolean } & PromotionTerms)[];
  if (promos.length === 0) return say(state, "info.we_dont_have_any_specials");
  // In Spanish by their terms ("el primer mes por $1"), never the operator's English name alone.
  const names = promos.map((p) =>
    p.limitedToUnitTypes
      ? say(state, "info.on_select_units", { name: promotionWords(state, p) })
      : promotionWords(state, p),
  );
  return say(state, "info.right_now_we_have_what", { list: list(names, state) });
}

export async function answerProtection(turn: PolicyTurn): Promise<string> {
  const r = await info(turn, "protection_plans", turn.utterance.text.slice(0, 500));
  if (!r.ok) return whichFacility(turn);
  const state = turn.ctx.state;
  const plans = r.plans as { name: string; coverageCents: number; monthlyCents: number }[];
  // "Is insurance mandatory?": the facility's own rule (a plan or proof of insurance required) comes first.
  const policy = (r.facilityPolicies as KbAnswer[])[0];
  const rule = policy ? operatorWords(state, answerText(policy)) : null;
  if (plans.length === 0) {
    const kb = rule ?? (await answerFromKnowledge(turn, "protection plan coverage"));
    return kb ?? say(state, "info.the_office_can_tell_you_2");
  }
  const items = plans.map((p) =>
    say(state, "info.of_coverage_for_mo", {
      name: p.name,
      coverageCents: money(p.coverageCents),
      monthlyCents: money(p.monthlyCents),
    }),
  );
  if (rule) return `${rule} ${say(state, "info.our_protection_plans", { list: list(items, state) })}`;
  return say(state, "info.we_offer_a_protection_plan", { list: list(items, state) });
}

/**
 * What to bring and do at move-in. The facility's own list wins: it is said instead of the general
 * one (which named the ID and the lock a second time), and only the lease and the first payment are
 * added when it does not mention them.
 */
export async function answerMoveIn(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const rule = await operatorPolicy(turn, "move_in", turn.utterance.text);
  if (!rule) return say(state, "info.to_move_in_bring_a");
  const rest = /\b(lease|contract|rent|contrato|renta)\b/i.test(rule)
    ? ""
    : ` ${say(state, "info.at_move_in_you_also")}`;
  return `${rule}${rest}`;
}

/**
 * "What forms of payment do you take?", "can I pay cash?", "can I pay online?": which payments the
 * facility takes, not a payment.
 */
export const asksPaymentMethods = (text: string) =>
  /\bpay(?: (?:my|the|your) (?:bill|rent))? (?:online|on ?line|over the phone|by phone|on the (?:website|web|app|portal)|through the (?:website|app|portal))\b|\bpagar en l[ií]nea\b|\b(forms?|kinds?|types?|methods?|ways?) (of|to) pa(y|yment|yments)\b|\bpayment (methods?|options?|types?)\b|\b(take|accept|use|pay (with|by|in)|pay)\s+(a\s+)?(cash|checks?|cheques?|credit|debit|cards?|money orders?|apple pay|google pay|venmo|zelle|paypal)\b|\b(cash|checks?|credit cards?|money orders?)\b.{0,20}\b(ok|okay|accepted|fine|allowed)\b|\bauto[- ]?pay\b|\b(aceptan|toman|puedo pagar (con|en))\s+(efectivo|tarjeta|cheque)/i.test(
    text,
  );

/** Words that name a way to pay. */
const NAMES_A_METHOD =
  /\b(cash|checks?|cheques?|cards?|credit|debit|money orders?|ach|bank|apple pay|google pay|venmo|zelle|paypal|efectivo|tarjetas?)\b/i;

/**
 * Which payments the facility takes: its own entry about payments (never an entry that only mentions
 * a payment card, such as the move-in checklist), with the office for the rest when the caller named
 * a way to pay and the entry names none ("Pay online at …" to "do you take cash?"). Without one, what
 * is true everywhere: a card through a secure link when the organization takes card payments, and the
 * office for the rest.
 */
export async function answerPaymentMethods(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const rule = await operatorPolicy(turn, "payments", turn.utterance.text);
  if (rule && (NAMES_A_METHOD.test(rule) || !NAMES_A_METHOD.test(turn.utterance.text))) return rule;
  state.offer = "transfer";
  if (rule) return `${rule} ${say(state, "info.the_office_can_confirm_other_ways")}`;
  return (await takesCardPayments(turn))
    ? say(state, "info.tenants_can_pay_by_card")
    : say(state, "info.payment_methods_not_on_file");
}

/** The organization takes card payments through secure links (Settings > Payments, Stripe connected). */
async function takesCardPayments(turn: PolicyTurn): Promise<boolean> {
  if (!paymentsConfigured()) return false;
  const account = await currentConnectAccount(turn.ctx.tx, turn.ctx.organizationId);
  return !!account?.chargesEnabled;
}

/**
 * The best knowledge-base entry's answer as written (in the caller's language, or English when the
 * operator wrote no Spanish), or null when nothing matches well (the search has a minimum).
 */
export async function knowledgeAnswer(turn: PolicyTurn, question: string): Promise<KbAnswer | null> {
  const r = await info(turn, "question", question.slice(0, 500));
  if (!r.ok) return null;
  return (r.answers as KbAnswer[])[0] ?? null;
}

/**
 * The best knowledge-base answer as said to the caller (operatorWords), or null when nothing matches
 * well. With `hours`, a question the tool recognised as an hours question gets the office or gate hours.
 */
export async function answerFromKnowledge(
  turn: PolicyTurn,
  question: string,
  opts: { hours?: boolean } = {},
): Promise<string | null> {
  const r = await info(turn, "question", question.slice(0, 500));
  if (!r.ok) return null;
  if (opts.hours && (r.answeredAs === "hours" || r.answeredAs === "access")) return answerHours(turn, r.answeredAs);
  const a = (r.answers as KbAnswer[])[0];
  return a ? operatorWords(turn.ctx.state, answerText(a)) : null;
}

export async function answerPolicy(turn: PolicyTurn, question = turn.utterance.text): Promise<string> {
  const state = turn.ctx.state;
  const hit = await answerFromKnowledge(turn, question, { hours: true });
  if (hit) {
    // Answered: an office offered for an earlier question no longer stands, and the caller is asked
    // what else (on a call, the answer alone left them waiting).
    if (!state.expecting) state.offer = null;
    return withFollowUp(turn, hit);
  }
  state.offer = "transfer";
  return say(state, "info.im_not_sure_about_that");
}

const STAFF_ROLE = String.raw`(?:managers?|staff|employees?|attendants?|personnel|workers?|encargad[oa]s?|gerentes?|personal)`;
const STAFF_ANYONE = String.raw`(?:${STAFF_ROLE}|someone|somebody|anyone|anybody|people|a person|alguien)`;
const ON_SITE = String.raw`(?:on[- ]?site|on (?:the )?(?:property|premises|site|grounds)|in the office|at the (?:office|facility|property|site|front desk|location|front)|en (?:la oficina|el lugar|sitio|la instalaci[oó]n)|ah[ií])`;
const STAFF_ON_SITE = new RegExp(
  String.raw`\b(?:is|are|will|would|does|do)\b[^?.!]{0,25}\b${STAFF_ANYONE}\b[^?.!]{0,25}\b${ON_SITE}|` +
    String.raw`\b(?:is|are|will)\b[^?.!]{0,25}\b${STAFF_ROLE}\b[^?.!]{0,15}\bthere\b|` +
    String.raw`\b(?:on[- ]?site|resident|live[- ]in)\s+(?:${STAFF_ROLE}|office)\b|\b(?:staffed|manned)\b|` +
    String.raw`\bhay\b[^?.!]{0,20}\b(?:alguien|personal|encargad[oa]|gerente)\b`,
  "i",
);
/** A request for a person ("can I talk to the manager on site?") is not a question about one. */
const WANTS_A_PERSON =
  /\b(speak|talk|connect|transfer|put me through|get me|let me|call me|call back|reach|hablar|comunic)/i;

/** "Is there a manager on site?", "is someone there at the facility?", "is the office staffed?": a question, not a transfer. */
export const asksStaffOnSite = (text: string) => STAFF_ON_SITE.test(text) && !WANTS_A_PERSON.test(text);

/**
 * Whether staff are on site: the operator's own answer on it first, then the office hours (when
 * staff are there) and whether someone is there now, with a person offered (a message when closed)
 * rather than a transfer the caller did not ask for.
 */
export async function answerStaffOnSite(turn: PolicyTurn): Promise<string> {
  const state = turn.ctx.state;
  const kb = await info(turn, "question", turn.utterance.text.slice(0, 500));
  const entries = kb.ok ? ((kb.answers as { question: string; answer: string }[] | undefined) ?? []) : [];
  const own = entries.find((e) => /manager|staff|on[- ]?site|attendant|personal|encargad/i.test(e.question));
  const r = await info(turn, "hours");
  if (!r.ok) return whichFacility(turn);
  const week = r.week as string;
  const today = r.today as { closedFor: string | null };
  const head = own ? `${own.answer} ` : "";
  if (!week) {
    state.offer = "transfer";
    state.expecting = null;
    return `${head}${say(state, "info.staff_hours_not_on_file")}`;
  }
  const hours = say(state, "info.staff_are_on_site_during", { week });
  const open = r.openNow && !today.closedFor;
  state.offer = open ? "transfer" : "message";
  state.expecting = null;
  return `${head}${hours} ${say(state, open ? "info.someone_is_in_now" : "info.nobody_is_in_now")}`;
}
