/** Answers that only read facts: hours, access, address, promotions, protection plans, move-in, policies. */
import { runTool } from "@/server/agent/tools";

import type { PolicyTopic } from "@/server/agent/tools/policy-topics";

import { say } from "./phrases";
import { list, money } from "./say";
import type { PolicyTurn } from "./turn";

type Info = Record<string, unknown> & { ok: boolean };

async function info(
  t: PolicyTurn,
  topic: "hours" | "access" | "address" | "directions" | "promotions" | "protection_plans" | "question",
  question?: string,
) {
  return (await runTool(t.ctx, "facility_info", { topic, question })) as Info;
}

/**
 * The operator's own policy on a topic where the agent also has a general answer (policy-topics.ts):
 * it is said first, and the general answer only adds what it leaves out.
 */
export async function operatorPolicy(t: PolicyTurn, topic: PolicyTopic, question: string): Promise<string | null> {
  const r = (await runTool(t.ctx, "facility_info", {
    topic: "policies",
    policyTopic: topic,
    question: question.slice(0, 500),
  })) as Info;
  if (!r.ok) return null;
  return (r.answers as { answer: string }[])[0]?.answer ?? null;
}

/** When the facility is unknown (several, none chosen), the caller is asked which one. */
export async function whichFacility(t: PolicyTurn): Promise<string> {
  const facilities = await t.ctx.facts.facilities();
  t.ctx.state.expecting = "facility";
  if (t.utterance.intent !== "provide_info" && t.utterance.intent !== "unclear")
    t.ctx.state.pendingIntent = t.utterance.intent;
  return say(t.ctx.state, "info.which_location_do_you_mean", {
    list: list(
      facilities.map((f) => f.name),
      t.ctx.state,
    ),
  });
}

export async function answerHours(t: PolicyTurn, kind: "hours" | "access"): Promise<string> {
  const r = await info(t, kind);
  if (!r.ok) return whichFacility(t);
  const s = t.ctx.state;
  const today = r.today as { hours: string | null; closedFor: string | null };
  const week = r.week as string;
  if (kind === "access") {
    // "Can I get in on holidays?": the operator's access rule that answers it comes first.
    const rule = await operatorPolicy(t, "access", t.utterance.text);
    const pre = rule ? `${rule} ` : "";
    if (r.aroundTheClock) return pre + say(s, "info.you_can_access_your_unit");
    const head = week ? say(s, "info.gate_access_hours_are", { week }) : say(s, "info.the_office_can_tell_you");
    return (
      pre +
      (today.closedFor ? `${head} ${say(s, "info.today_access_is_closed_for", { closedFor: today.closedFor })}` : head)
    );
  }
  if (!week) return say(s, "info.i_dont_have_the_office");
  const head = say(s, "info.our_office_is_open", { week });
  if (today.closedFor) return `${head} ${say(s, "info.today_were_closed_for", { closedFor: today.closedFor })}`;
  return `${head} ${r.openNow ? say(s, "info.were_open_now") : say(s, "info.were_closed_right_now")}`;
}

export async function answerAddress(t: PolicyTurn): Promise<string> {
  const r = await info(t, "directions");
  if (!r.ok) return whichFacility(t);
  const s = t.ctx.state;
  const address = r.address as string;
  const directions = r.directions as string | null;
  let out = say(s, "info.is_at", { facilityName: r.facilityName, address });
  if (directions) out += ` ${directions}`;
  if (s.callerId && s.channel !== "sms") {
    s.offer = "directions";
    out += say(s, "info.would_you_like_me_to");
  }
  return out;
}

export async function answerPromotions(t: PolicyTurn): Promise<string> {
  const r = await info(t, "promotions");
  if (!r.ok) return whichFacility(t);
  const s = t.ctx.state;
  const promos = r.promotions as { name: string; limitedToUnitTypes: boolean }[];
  if (promos.length === 0) return say(s, "info.we_dont_have_any_specials");
  const names = promos.map((p) => (p.limitedToUnitTypes ? say(s, "info.on_select_units", { name: p.name }) : p.name));
  return say(s, "info.right_now_we_have_what", { list: list(names, s) });
}

export async function answerProtection(t: PolicyTurn): Promise<string> {
  const r = await info(t, "protection_plans", t.utterance.text.slice(0, 500));
  if (!r.ok) return whichFacility(t);
  const s = t.ctx.state;
  const plans = r.plans as { name: string; coverageCents: number; monthlyCents: number }[];
  // "Is insurance mandatory?": the facility's own rule (a plan or proof of insurance required) comes first.
  const rule = (r.facilityPolicies as { answer: string }[])[0]?.answer ?? null;
  if (plans.length === 0) {
    const kb = rule ?? (await answerFromKnowledge(t, "protection plan coverage"));
    return kb ?? say(s, "info.the_office_can_tell_you_2");
  }
  const items = plans.map((p) =>
    say(s, "info.of_coverage_for_mo", {
      name: p.name,
      coverageCents: money(p.coverageCents),
      monthlyCents: money(p.monthlyCents),
    }),
  );
  if (rule) return `${rule} ${say(s, "info.our_protection_plans", { list: list(items, s) })}`;
  return say(s, "info.we_offer_a_protection_plan", { list: list(items, s) });
}

/**
 * What to bring and do at move-in. The facility's own list wins: it is said instead of the general
 * one (which named the ID and the lock a second time), and only the lease and the first payment are
 * added when it does not mention them.
 */
export async function answerMoveIn(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const rule = await operatorPolicy(t, "move_in", t.utterance.text);
  if (!rule) return say(s, "info.to_move_in_bring_a");
  const rest = /\b(lease|contract|rent|contrato|renta)\b/i.test(rule) ? "" : ` ${say(s, "info.at_move_in_you_also")}`;
  return `${rule}${rest}`;
}

/** "What forms of payment do you take?", "can I pay cash?": which payments the facility takes, not a payment. */
export const asksPaymentMethods = (text: string) =>
  /\b(forms?|kinds?|types?|methods?|ways?) (of|to) pa(y|yment|yments)\b|\bpayment (methods?|options?|types?)\b|\b(take|accept|use|pay (with|by|in)|pay)\s+(a\s+)?(cash|checks?|cheques?|credit|debit|cards?|money orders?|apple pay|google pay|venmo|zelle|paypal)\b|\b(cash|checks?|credit cards?|money orders?)\b.{0,20}\b(ok|okay|accepted|fine|allowed)\b|\bauto[- ]?pay\b|\b(aceptan|toman|puedo pagar (con|en))\s+(efectivo|tarjeta|cheque)/i.test(
    text,
  );

export async function answerPaymentMethods(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const rule =
    (await operatorPolicy(t, "payments", t.utterance.text)) ?? (await answerFromKnowledge(t, t.utterance.text));
  if (rule) return rule;
  s.offer = "transfer";
  return say(s, "info.tenants_can_pay_by_card");
}

/**
 * The best knowledge-base answer, or null when nothing matches well (the search has a minimum).
 * With `hours`, a question the tool recognised as an hours question gets the office or gate hours.
 */
export async function answerFromKnowledge(
  t: PolicyTurn,
  question: string,
  opts: { hours?: boolean } = {},
): Promise<string | null> {
  const r = await info(t, "question", question.slice(0, 500));
  if (!r.ok) return null;
  if (opts.hours && (r.answeredAs === "hours" || r.answeredAs === "access")) return answerHours(t, r.answeredAs);
  const answers = r.answers as { answer: string }[];
  return answers[0]?.answer ?? null;
}

export async function answerPolicy(t: PolicyTurn): Promise<string> {
  const s = t.ctx.state;
  const hit = await answerFromKnowledge(t, t.utterance.text, { hours: true });
  if (hit) return hit;
  s.offer = "transfer";
  return say(s, "info.im_not_sure_about_that");
}
