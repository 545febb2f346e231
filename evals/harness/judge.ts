/**
 * Judges a played conversation on its END STATE, as τ-bench does: what is in the database
 * (reservations, leads, messages, texts, the conversation's outcome), which tools ran, and which
 * facts the replies stated. Wording is never judged.
 */
import { and, eq, gte } from "drizzle-orm";

import type { ToolCallRecord } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import type { DialogueState } from "@/server/agent/engine";
import { conversation, customer, facility, lead, reservation, smsMessage, task, unitType } from "@/server/db/schema";

import { describeFact, factIn, findFact } from "./facts";
import type { Expectations, ToolCheck } from "./format";
import type { SeededWorld } from "./seed";

export interface TurnRecord {
  caller: string;
  why: string;
  reply: string;
  speech: string;
  sms: string;
  intent: string | null;
  expecting: string | null;
  offer: string | null;
  flow: string | null;
  actions: ToolCallRecord[];
  end: { reason: string; transferTo?: string | null } | null;
  ms: number;
}

const norm = (x: string | null | undefined) =>
  (x ?? "")
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .trim();

function toolMatches(check: ToolCheck, call: ToolCallRecord): boolean {
  const c = typeof check === "string" ? { name: check } : check;
  if (c.name !== call.name) return false;
  if ("ok" in c && c.ok !== undefined && c.ok !== call.ok) return false;
  if ("args" in c && c.args) {
    for (const [k, v] of Object.entries(c.args)) if (JSON.stringify(call.args[k]) !== JSON.stringify(v)) return false;
  }
  return true;
}
const toolText = (c: ToolCheck) =>
  typeof c === "string"
    ? c
    : `${c.name}${c.ok !== undefined ? ` (ok=${c.ok})` : ""}${c.args ? ` ${JSON.stringify(c.args)}` : ""}`;

/** Greedy one-to-one matching of expected items to actual rows; returns the unmatched expectations. */
function unmatched<E, A>(expected: E[], actual: A[], fits: (e: E, a: A) => boolean): E[] {
  const left = [...actual];
  const missing: E[] = [];
  for (const e of expected) {
    const i = left.findIndex((a) => fits(e, a));
    if (i < 0) missing.push(e);
    else left.splice(i, 1);
  }
  return missing;
}

export async function judge(
  world: SeededWorld,
  conversationId: string,
  turns: TurnRecord[],
  expect: Expectations,
): Promise<string[]> {
  const org = world.organizationId;
  const failures: string[] = [];
  const replies = turns.flatMap((t) => [t.reply, t.speech]);
  const everything = turns.flatMap((t) => [t.reply, t.speech, t.sms]);
  const calls = turns.flatMap((t) => t.actions);

  // Invariants for every scenario: no leaked internals, no empty replies.
  for (const [i, t] of turns.entries()) {
    if (!t.reply.trim()) failures.push(`turn ${i + 1}: empty reply`);
    if (/\bundefined\b|\bNaN\b|\[object |\bnull\b/.test(t.reply))
      failures.push(`turn ${i + 1}: reply leaks internals: "${t.reply}"`);
  }

  if (expect.reservations) {
    const rows = await db
      .select({
        id: reservation.id,
        code: reservation.confirmationCode,
        status: reservation.status,
        moveInDate: reservation.moveInDate,
        rate: reservation.quotedMonthlyRateCents,
        channel: reservation.channel,
        unitType: unitType.name,
        facility: facility.slug,
        name: customer.name,
        phone: customer.phone,
        email: customer.email,
      })
      .from(reservation)
      .innerJoin(unitType, eq(unitType.id, reservation.unitTypeId))
      .innerJoin(facility, eq(facility.id, reservation.facilityId))
      .innerJoin(customer, eq(customer.id, reservation.customerId))
      .where(eq(reservation.organizationId, org));
    const made = rows.filter((r) => !world.seededReservationIds.has(r.id));
    const want = expect.reservations;
    if (want.count !== undefined && made.length !== want.count)
      failures.push(
        `expected ${want.count} reservation(s), found ${made.length}${made.length ? `: ${made.map((r) => `${r.facility}/${r.unitType} ${r.moveInDate} ${r.status}`).join(", ")}` : ""}`,
      );
    const missing = unmatched(
      want.match,
      made,
      (e, a) =>
        (e.facility === undefined || e.facility === a.facility) &&
        (e.unitType === undefined || norm(e.unitType) === norm(a.unitType)) &&
        (e.moveInDate === undefined || e.moveInDate === a.moveInDate) &&
        (e.status === undefined || e.status === a.status) &&
        (e.name === undefined || norm(e.name) === norm(a.name)) &&
        (e.phone === undefined || e.phone === a.phone) &&
        (e.email === undefined || (e.email === null ? a.email === null : norm(e.email) === norm(a.email))) &&
        (e.rateCents === undefined || e.rateCents === a.rate) &&
        (e.channel === undefined || e.channel === a.channel),
    );
    if (want.codeSaid)
      for (const r of made)
        if (!replies.some((t) => factIn({ pattern: [...r.code].join("[\\s,.-]*") }, t)))
          failures.push(`confirmation code ${r.code} was never told to the caller`);
    for (const m of missing)
      failures.push(
        `no reservation matching ${JSON.stringify(m)}; made: ${made.length ? made.map((r) => JSON.stringify({ facility: r.facility, unitType: r.unitType, moveInDate: r.moveInDate, status: r.status, name: r.name, phone: r.phone, email: r.email, rateCents: r.rate })).join(", ") : "none"}`,
      );
  }

  if (expect.seeded.length) {
    const rows = await db
      .select({ code: reservation.confirmationCode, status: reservation.status })
      .from(reservation)
      .where(eq(reservation.organizationId, org));
    for (const e of expect.seeded) {
      const r = rows.find((x) => x.code === e.code);
      if (!r) failures.push(`seeded reservation ${e.code} not found`);
      else if (r.status !== e.status)
        failures.push(`seeded reservation ${e.code} is ${r.status}, expected ${e.status}`);
    }
  }

  if (expect.leads) {
    const rows = await db
      .select({
        id: lead.id,
        source: lead.source,
        status: lead.status,
        notes: lead.notes,
        score: lead.score,
        w: lead.desiredWidthFt,
        l: lead.desiredLengthFt,
        facilityId: lead.facilityId,
        name: customer.name,
        phone: customer.phone,
        email: customer.email,
      })
      .from(lead)
      .innerJoin(customer, eq(customer.id, lead.customerId))
      .where(eq(lead.organizationId, org));
    const made = rows.filter((r) => !world.seededLeadIds.has(r.id));
    const slugOf = (fid: string | null) => Object.entries(world.facilities).find(([, f]) => f.id === fid)?.[0] ?? null;
    const want = expect.leads;
    if (want.count !== undefined && made.length !== want.count)
      failures.push(`expected ${want.count} lead(s), found ${made.length}`);
    const missing = unmatched(
      want.match,
      made,
      (e, a) =>
        (e.name === undefined || norm(e.name) === norm(a.name)) &&
        (e.phone === undefined || e.phone === a.phone) &&
        (e.email === undefined || (e.email === null ? a.email === null : norm(e.email) === norm(a.email))) &&
        (e.source === undefined || e.source === a.source) &&
        (e.status === undefined || e.status === a.status) &&
        (e.facility === undefined || e.facility === slugOf(a.facilityId)) &&
        (e.notes === undefined || norm(a.notes).includes(norm(e.notes))) &&
        (e.urgent === undefined || e.urgent === a.score >= 100) &&
        (e.desiredSize === undefined || e.desiredSize === `${a.w}x${a.l}`),
    );
    for (const m of missing)
      failures.push(
        `no lead matching ${JSON.stringify(m)}; leads: ${made.length ? made.map((r) => JSON.stringify({ name: r.name, phone: r.phone, source: r.source, status: r.status, facility: slugOf(r.facilityId), notes: r.notes, urgent: r.score >= 100, desiredSize: r.w ? `${r.w}x${r.l}` : null })).join(", ") : "none"}`,
      );
  }

  if (expect.tasks) {
    const rows = await db
      .select()
      .from(task)
      .where(and(eq(task.organizationId, org), eq(task.conversationId, conversationId)));
    const want = expect.tasks;
    const shown = (r: typeof task.$inferSelect) =>
      JSON.stringify({
        kind: r.kind,
        name: r.contactName,
        phone: r.contactPhone,
        email: r.contactEmail,
        body: r.body,
        urgent: r.priority === "urgent",
      });
    if (want.count !== undefined && rows.length !== want.count)
      failures.push(
        `expected ${want.count} task(s), found ${rows.length}${rows.length ? `: ${rows.map(shown).join(", ")}` : ""}`,
      );
    const missing = unmatched(
      want.match,
      rows,
      (e, a) =>
        (e.kind === undefined || e.kind === a.kind) &&
        (e.name === undefined || (e.name === null ? a.contactName === null : norm(e.name) === norm(a.contactName))) &&
        (e.phone === undefined || e.phone === a.contactPhone) &&
        (e.email === undefined || norm(e.email) === norm(a.contactEmail)) &&
        (e.body === undefined || norm(a.body).includes(norm(e.body))) &&
        (e.urgent === undefined || e.urgent === (a.priority === "urgent")),
    );
    for (const m of missing)
      failures.push(
        `no task matching ${JSON.stringify(m)}; tasks: ${rows.length ? rows.map(shown).join(", ") : "none"}`,
      );
  }

  if (expect.noCallerLost) failures.push(...(await lostCaller(world, conversationId, turns)));

  const lastEnd = [...turns].reverse().find((t) => t.end)?.end ?? null;
  if (expect.end) {
    const got = lastEnd?.reason ?? "none";
    const ok = expect.end === "none" ? got === "none" || got === "goodbye" : got === expect.end;
    if (!ok) failures.push(`expected the conversation to end with ${expect.end}, got ${got}`);
  }
  if (expect.transferTo && lastEnd?.transferTo !== expect.transferTo)
    failures.push(`expected a transfer to ${expect.transferTo}, got ${lastEnd?.transferTo ?? "none"}`);

  if (expect.outcome || expect.language) {
    const [conv] = await db
      .select({ outcome: conversation.outcome, language: conversation.language })
      .from(conversation)
      .where(and(eq(conversation.organizationId, org), eq(conversation.id, conversationId)));
    if (expect.outcome && conv?.outcome !== expect.outcome)
      failures.push(`expected outcome ${expect.outcome}, got ${conv?.outcome ?? "none"}`);
    if (expect.language && conv?.language !== expect.language)
      failures.push(`expected the conversation in ${expect.language}, got ${conv?.language ?? "?"}`);
  }

  if (expect.tools) {
    for (const c of expect.tools.called)
      if (!calls.some((call) => toolMatches(c, call)))
        failures.push(
          `tool ${toolText(c)} was never called (called: ${[...new Set(calls.map((x) => `${x.name}${x.ok ? "" : "✗"}`))].join(", ") || "none"})`,
        );
    for (const c of expect.tools.notCalled) {
      const bad = calls.find((call) => toolMatches(c, call));
      if (bad) failures.push(`tool ${toolText(c)} must not be called, but was: ${JSON.stringify(bad.args)}`);
    }
  }

  if (expect.texts) {
    const texts = await db
      .select({ body: smsMessage.body, to: smsMessage.to })
      .from(smsMessage)
      .where(and(eq(smsMessage.organizationId, org), eq(smsMessage.direction, "out")));
    if (expect.texts.count !== undefined && texts.length !== expect.texts.count)
      failures.push(`expected ${expect.texts.count} text(s) sent, found ${texts.length}`);
    for (const word of expect.texts.contains)
      if (!texts.some((t) => norm(t.body).includes(norm(word)))) failures.push(`no text sent containing "${word}"`);
  }

  for (const f of expect.says) if (!findFact(f, replies)) failures.push(`never said ${describeFact(f)}`);
  for (const f of expect.neverSays) {
    const hit = findFact(f, everything);
    if (hit) failures.push(`said ${describeFact(f)}: "${hit}"`);
  }

  if (expect.gateCode) {
    for (const code of world.gateCodes) {
      const said = everything.some((t) => factIn({ digits: code }, t));
      if (expect.gateCode === "withheld" && said) failures.push(`disclosed gate code ${code}`);
      if (expect.gateCode === "disclosed" && !said) failures.push(`did not give gate code ${code}`);
    }
  }
  return failures;
}

/**
 * The "no caller lost" invariant (issue 21), judged on the database after the conversation ended: a
 * caller we can reach (caller ID, or a phone or e-mail they gave) who heard a price has a lead or a
 * reservation touched by this conversation, and one who was leaving a message has a task for it,
 * unless they said they no longer wanted to leave one.
 */
async function lostCaller(world: SeededWorld, conversationId: string, turns: TurnRecord[]): Promise<string[]> {
  const org = world.organizationId;
  const [conv] = await db
    .select({ state: conversation.state, createdAt: conversation.createdAt })
    .from(conversation)
    .where(and(eq(conversation.organizationId, org), eq(conversation.id, conversationId)));
  if (!conv) return [];
  const state = conv.state as unknown as DialogueState;
  const reachable = !!(state.callerId || state.slots?.phone || state.slots?.email);
  if (!reachable) return [];
  const failures: string[] = [];
  // A unit's price told to the caller (state.quoted; the move-in fees alone are not a quote).
  const quoted = !!state.quoted && turns.some((t) => t.actions.some((a) => a.name === "get_quote" && a.ok));
  if (quoted) {
    const [touched] = await db
      .select({ id: lead.id })
      .from(lead)
      .where(and(eq(lead.organizationId, org), gte(lead.updatedAt, conv.createdAt)))
      .limit(1);
    const [booked] = await db
      .select({ id: reservation.id })
      .from(reservation)
      .where(and(eq(reservation.organizationId, org), gte(reservation.createdAt, conv.createdAt)))
      .limit(1);
    if (!touched && !booked) failures.push("lost caller: quoted a price, but no lead or reservation was saved");
  }
  const collecting = turns.some(
    (t) => t.flow === "message" && (t.expecting === "name" || t.expecting === "phone" || t.expecting === "message"),
  );
  // Declined: the caller said no to "would you still like to leave a message?" or dropped it in
  // words ("never mind"); a flow that was merely lost is not a decline.
  const saidNo = turns.some(
    (t, i) =>
      (i > 0 && turns[i - 1]!.offer === "message" && t.flow !== "message") ||
      /\b(never ?mind|forget (it|about it)|don'?t want to leave|no message)\b/i.test(t.caller),
  );
  const declined = state.flow !== "message" && !state.messagePaused && !state.messagesTaken && saidNo;
  if (collecting && !declined) {
    const [saved] = await db
      .select({ id: task.id })
      .from(task)
      .where(and(eq(task.organizationId, org), eq(task.conversationId, conversationId)))
      .limit(1);
    if (!saved) failures.push("lost caller: a message was being taken, but no task was saved");
  }
  return failures;
}
