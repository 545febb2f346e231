/**
 * Judges a played conversation on its END STATE, as τ-bench does: what is in the database
 * (reservations, leads, messages, texts, the conversation's outcome), which tools ran, and which
 * facts the replies stated. Wording is never judged.
 */
import { and, eq } from "drizzle-orm";

import type { ToolCallRecord } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { conversation, customer, facility, lead, reservation, smsMessage, unitType } from "@/server/db/schema";

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
