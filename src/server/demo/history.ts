import { createHash, randomUUID } from "node:crypto";

import { and, eq, like, sql } from "drizzle-orm";

import { addDays } from "@/server/analytics/filters";
import { db, type Executor } from "@/server/db/client";
import {
  conversation,
  customer,
  facility,
  followUp,
  followUpSequence,
  lead,
  ledgerEntry,
  message,
  payment,
  rental,
  reservation,
  unit,
  unitType,
} from "@/server/db/schema";
import { localDate } from "@/server/domain/facilities/local-date";
import { encryptSecret } from "@/server/auth/encryption";
import { generateGateCode } from "@/server/domain/rentals/gate-code";

import { demoTranscript } from "./transcripts";

/**
 * About 90 days of plausible history for the demo organization, so the Analytics page and the
 * Overview have something to show: calls, texts and chats with outcomes and summaries, the leads
 * and reservations they produced, move-ins, move-outs, monthly payments and follow-up texts.
 *
 * Deterministic (a seeded generator per day) and idempotent: the first start writes the whole
 * history; later starts only add the days since the last one (calls and leads, up to now), and
 * rows carry external ids / confirmation codes derived from the day, so a rerun inserts nothing twice.
 */
const HISTORY_DAYS = 90;
const PREFIX = "demo-history:";

function rng(seed: string) {
  let a = createHash("sha256").update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rand = ReturnType<typeof rng>;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const weighted = <T extends string>(r: Rand, table: readonly (readonly [T, number])[]): T => {
  let x = r() * table.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1]![0];
};

/** A local wall-clock time in `timeZone` as a UTC instant (two passes settle DST offsets). */
function zoned(date: string, minutes: number, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })
        .formatToParts(new Date(guess))
        .map((x) => [x.type, x.value]),
    );
    const shown = Date.parse(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:00Z`);
    guess += wall - shown;
  }
  return new Date(guess);
}

const FIRST = [
  "Maria",
  "James",
  "Aisha",
  "Chen",
  "Olivia",
  "Diego",
  "Priya",
  "Noah",
  "Fatima",
  "Liam",
  "Sofia",
  "Marcus",
  "Hannah",
  "Kenji",
  "Grace",
];
const LAST = [
  "Garcia",
  "Smith",
  "Khan",
  "Nguyen",
  "Johnson",
  "Lopez",
  "Patel",
  "Brown",
  "Okafor",
  "Miller",
  "Rossi",
  "Kim",
  "Davis",
  "Silva",
];
const UNHANDLED = [
  "Do you store boats?",
  "Can I run a business out of my unit?",
  "Do you have wine storage?",
  "Can I get mail delivered to my unit?",
  "Is there a notary on site?",
  "Can I rent a unit for one day?",
];
interface Ctx {
  organizationId: string;
  facilities: { id: string; name: string; timeZone: string; adminFeeCents: number }[];
  units: { id: string; facilityId: string; unitTypeId: string; rateCents: number; size: string }[];
  /** unit id -> end of its current rental (null: open-ended) or held until; absent: free. */
  busy: Map<string, { kind: "rental" | "hold"; until: string | null }>;
  /** Everything is generated in memory (ids made here) and written in a few bulk inserts. */
  out: Rows;
  /** External ids already stored: a later start skips them. */
  existing: Set<string>;
}
interface Rows {
  customers: (typeof customer.$inferInsert)[];
  leads: (typeof lead.$inferInsert)[];
  reservations: (typeof reservation.$inferInsert)[];
  rentals: (typeof rental.$inferInsert)[];
  payments: (typeof payment.$inferInsert)[];
  /** Each payment's rent (and admin fee) charged and paid on the ledger, as recordPaymentReceived posts it. */
  ledger: (typeof ledgerEntry.$inferInsert)[];
  conversations: (typeof conversation.$inferInsert)[];
  messages: (typeof message.$inferInsert)[];
  sequences: (typeof followUpSequence.$inferInsert)[];
  followUps: (typeof followUp.$inferInsert)[];
}
const id = () => randomUUID();

export async function seedDemoHistory(
  organizationId: string,
  now = new Date(),
): Promise<{ days: number; conversations: number }> {
  const facilities = await db
    .select({
      id: facility.id,
      name: facility.name,
      timeZone: facility.timeZone,
      adminFeeCents: facility.adminFeeCents,
    })
    .from(facility)
    .where(eq(facility.organizationId, organizationId))
    .orderBy(facility.createdAt);
  if (facilities.length === 0) return { days: 0, conversations: 0 };
  const units = await db
    .select({
      id: unit.id,
      facilityId: unit.facilityId,
      unitTypeId: unit.unitTypeId,
      rateCents: unitType.streetRateCents,
      size: sql<string>`${unitType.widthFt}::text || 'x' || ${unitType.lengthFt}::text`,
      status: unit.status,
    })
    .from(unit)
    .innerJoin(unitType, eq(unitType.id, unit.unitTypeId))
    .where(and(eq(unit.organizationId, organizationId), sql`${unit.status} <> 'unavailable'`))
    .orderBy(unit.number);
  const today = localDate(facilities[0]!.timeZone, now);
  const [last] = await db
    .select({ day: sql<string | null>`max(split_part(${conversation.externalId}, ':', 2))` })
    .from(conversation)
    .where(and(eq(conversation.organizationId, organizationId), like(conversation.externalId, `${PREFIX}%`)));
  const firstRun = !last?.day;
  // Later starts: only the days since (calls and leads; the units' timeline was written once).
  const start = firstRun ? addDays(today, -HISTORY_DAYS) : last.day!;
  const existing = firstRun
    ? new Set<string>()
    : new Set(
        (
          await db
            .select({ e: conversation.externalId })
            .from(conversation)
            .where(
              and(
                eq(conversation.organizationId, organizationId),
                like(conversation.externalId, `${PREFIX}%`),
                sql`${conversation.startedAt} >= ${addDays(start, -1)}::date`,
              ),
            )
        ).map((r) => r.e ?? ""),
      );
  const out: Rows = {
    customers: [],
    leads: [],
    reservations: [],
    rentals: [],
    payments: [],
    ledger: [],
    conversations: [],
    messages: [],
    sequences: [],
    followUps: [],
  };
  const ctx: Ctx = { organizationId, facilities, units, busy: new Map(), out, existing };
  if (firstRun) baselineRentals(ctx, start);
  let days = 0;
  for (let d = start; d <= today; d = addDays(d, 1)) {
    seedDay(ctx, d, now, firstRun);
    days++;
  }
  await db.transaction(async (tx) => {
    const chunks = async <T>(rows: T[], insert: (part: T[]) => Promise<unknown>) => {
      for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
    };
    // A phone number someone already used in the demo keeps its customer: the rows that needed
    // the generated one are skipped.
    const kept = new Set<string>();
    await chunks(out.customers, async (part) => {
      for (const r of await tx.insert(customer).values(part).onConflictDoNothing().returning({ id: customer.id }))
        kept.add(r.id);
    });
    const leads = out.leads.filter((l) => kept.has(l.customerId));
    const leadIds = new Set(leads.map((l) => l.id));
    await chunks(leads, (part) => tx.insert(lead).values(part));
    const reservations = out.reservations.filter((r) => kept.has(r.customerId));
    const reservationIds = new Set(reservations.map((r) => r.id));
    await chunks(reservations, (part) => tx.insert(reservation).values(part));
    const rentals = out.rentals.filter((r) => kept.has(r.customerId));
    const rentalIds = new Set(rentals.map((r) => r.id));
    await chunks(rentals, (part) => tx.insert(rental).values(part));
    await chunks(
      out.payments.filter((p) => p.rentalId != null && rentalIds.has(p.rentalId)),
      (part) => tx.insert(payment).values(part),
    );
    // After the payments they name; the ledger's trigger keeps each rental's balance (0: paid).
    await chunks(
      out.ledger.filter((e) => e.rentalId != null && rentalIds.has(e.rentalId)),
      (part) => tx.insert(ledgerEntry).values(part),
    );
    await chunks(out.conversations, (part) =>
      tx.insert(conversation).values(
        part.map((c) => ({
          ...c,
          leadId: c.leadId && leadIds.has(c.leadId) ? c.leadId : null,
          reservationId: c.reservationId && reservationIds.has(c.reservationId) ? c.reservationId : null,
        })),
      ),
    );
    await chunks(out.messages, (part) => tx.insert(message).values(part));
    const sequences = out.sequences.filter((q) => leadIds.has(q.leadId));
    const seqIds = new Set(sequences.map((q) => q.id));
    await chunks(sequences, (part) => tx.insert(followUpSequence).values(part));
    await chunks(
      out.followUps.filter((f) => seqIds.has(f.sequenceId)),
      (part) => tx.insert(followUp).values(part),
    );
    if (firstRun) await syncUnitStatuses(tx, organizationId);
  });
  return { days, conversations: out.conversations.length };
}

/** Most units were already rented before the history starts; some move out during it. */
function baselineRentals(ctx: Ctx, start: string) {
  const r = rng(`${ctx.organizationId}:baseline`);
  for (const u of ctx.units) {
    if (r() > 0.65 || !spareOfType(ctx, u.unitTypeId)) continue;
    const startDate = addDays(start, -Math.floor(60 + r() * 600));
    const movesOut = r() < 0.45 ? addDays(start, Math.floor(5 + r() * 80)) : null;
    addRental(ctx, u, startDate, movesOut, null, r, start);
  }
}

/**
 * Whether a unit of this type can be taken and still leave one free: whoever tries the demo and
 * asks for any size must find one, so the history never rents the last free unit of a type.
 */
function spareOfType(ctx: Ctx, unitTypeId: string): boolean {
  return ctx.units.filter((u) => u.unitTypeId === unitTypeId && !ctx.busy.has(u.id)).length >= 2;
}

function addRental(
  ctx: Ctx,
  u: Ctx["units"][number],
  startDate: string,
  moveOut: string | null,
  reservationId: string | null,
  r: Rand,
  paymentsFrom: string,
  customerId?: string,
) {
  const f = ctx.facilities.find((x) => x.id === u.facilityId)!;
  let cust = customerId;
  if (!cust) {
    cust = id();
    ctx.out.customers.push({
      id: cust,
      organizationId: ctx.organizationId,
      name: `${pick(r, FIRST)} ${pick(r, LAST)}`,
    });
  }
  const rentalId = id();
  ctx.out.rentals.push({
    id: rentalId,
    organizationId: ctx.organizationId,
    facilityId: u.facilityId,
    unitId: u.id,
    customerId: cust,
    reservationId,
    startDate,
    monthlyRateCents: u.rateCents,
    billingDay: 1,
    gateCodeEncrypted: encryptSecret(generateGateCode()),
    movedOutAt: moveOut ? zoned(moveOut, 11 * 60, f.timeZone) : null,
  });
  ctx.busy.set(u.id, { kind: "rental", until: moveOut });
  // Rent on the 1st of each month inside the history, most of it on time.
  const today = localDate(f.timeZone);
  for (let m = paymentsFrom.slice(0, 8) + "01"; m <= (moveOut ?? today) && m <= today; m = addMonth(m)) {
    if (m < startDate || m < paymentsFrom) continue;
    // The move-in payment below pays the month the tenant moves in: never a second rent for it.
    if (startDate >= paymentsFrom && m.slice(0, 7) === startDate.slice(0, 7)) continue;
    if (r() < 0.06) continue; // a delinquent month
    paid(ctx, {
      customerId: cust,
      rentalId,
      facilityId: u.facilityId,
      method: pick(r, ["card", "card", "ach", "cash"] as const),
      receivedAt: zoned(m, Math.floor(9 * 60 + r() * 600), f.timeZone),
      charges: [["rent", u.rateCents]],
    });
  }
  if (startDate >= paymentsFrom)
    paid(ctx, {
      customerId: cust,
      rentalId,
      facilityId: u.facilityId,
      method: "card",
      receivedAt: zoned(startDate, 10 * 60, f.timeZone),
      charges: [
        ["rent", u.rateCents],
        ["admin_fee", f.adminFeeCents],
      ],
    });
}

/**
 * A payment of the history with its ledger: what it paid charged, then the payment entry naming it
 * (the same amount, so the rental owes nothing for it). A payment with no ledger entry is what the
 * `ledger-totals` consistency check reports.
 */
function paid(
  ctx: Ctx,
  p: {
    customerId: string;
    rentalId: string;
    facilityId: string;
    method: "card" | "ach" | "cash";
    receivedAt: Date;
    charges: ["rent" | "admin_fee", number][];
  },
) {
  const charges = p.charges.filter(([, cents]) => cents > 0);
  const amountCents = charges.reduce((sum, [, cents]) => sum + cents, 0);
  if (amountCents <= 0) return;
  const paymentId = id();
  const account = {
    organizationId: ctx.organizationId,
    customerId: p.customerId,
    rentalId: p.rentalId,
    facilityId: p.facilityId,
    effectiveAt: p.receivedAt,
    createdBy: "demo",
  };
  ctx.out.payments.push({
    id: paymentId,
    organizationId: ctx.organizationId,
    customerId: p.customerId,
    rentalId: p.rentalId,
    amountCents,
    method: p.method,
    receivedAt: p.receivedAt,
  });
  for (const [category, cents] of charges)
    ctx.out.ledger.push({
      ...account,
      kind: "charge",
      category,
      amountCents: cents,
      description: category === "rent" ? "Rent" : "Admin fee",
    });
  ctx.out.ledger.push({
    ...account,
    kind: "payment",
    category: "payment",
    amountCents,
    description: `Payment (${p.method})`,
    paymentId,
  });
}
const addMonth = (d: string) => {
  const [y, m] = d.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
};

/** One call, text thread or chat of the history, with a transcript that matches its outcome. */
function seedConversation(
  ctx: Ctx,
  r: Rand,
  f: Ctx["facilities"][number],
  unitsHere: Ctx["units"],
  day: string,
  i: number,
  now: Date,
  withBookings: boolean,
) {
  const minutes = r() < 0.82 ? Math.floor((8 + r() * 11) * 60) : Math.floor(r() * 24 * 60);
  const startedAt = zoned(day, minutes, f.timeZone);
  const channel = weighted(r, [
    ["voice", 70],
    ["sms", 20],
    ["chat", 10],
  ] as const);
  const handler = r() < 0.92 ? "agent" : "staff";
  let outcome = weighted(r, [
    ["reservation", 7],
    ["lead", 15],
    ["question_answered", 42],
    ["transfer", 12],
    ["message", 6],
    ["abandoned", 10],
  ] as const);
  const externalId = `${PREFIX}${day}:${i}`;
  const phone = demoPhone(day, i);
  const callerName = `${pick(r, FIRST)} ${pick(r, LAST)}`;
  const asked = unitsHere.length ? pick(r, unitsHere) : null;
  const unhandled =
    outcome === "transfer" || outcome === "abandoned" || r() < 0.05
      ? { text: pick(r, UNHANDLED), intent: r() < 0.7 ? "out_of_scope" : "unclear" }
      : null;
  if (startedAt > now || ctx.existing.has(externalId)) return; // not yet happened, or stored by an earlier start
  const conversationId = id();
  let leadId: string | null = null;
  let reservationId: string | null = null;
  let booked: { code: string; moveInDate: string; size: string; rateCents: number } | null = null;
  if (outcome === "lead" || outcome === "reservation") {
    const l = addLead(ctx, r, {
      facilityId: f.id,
      phone,
      name: callerName,
      source: channel === "voice" ? "call" : channel,
      createdAt: new Date(startedAt.getTime() + 120_000),
    });
    leadId = l.id;
    if (outcome === "reservation" && withBookings) {
      const made = addReservation(ctx, r, {
        facilityId: f.id,
        timeZone: f.timeZone,
        lead: l,
        day,
        externalId,
        channel,
        createdAt: new Date(startedAt.getTime() + 180_000),
      });
      if (made) {
        reservationId = made.id;
        booked = made;
      }
    }
    // No hold could be made (a later start adds no bookings, or nothing was free): the caller left
    // details instead, and the row says so rather than claiming a reservation nobody can find.
    if (outcome === "reservation" && !booked) outcome = "lead";
    if (outcome === "lead") addFollowUps(ctx, r, l.id, startedAt, now);
  }
  const { lines, summary } = demoTranscript({
    outcome,
    channel,
    facilityName: f.name,
    callerName,
    phone,
    size: booked?.size ?? asked?.size ?? "10x10",
    rateDollars: Math.round((booked?.rateCents ?? asked?.rateCents ?? 12000) / 100),
    moveInDate: booked?.moveInDate ?? addDays(day, 3),
    confirmationCode: booked?.code ?? null,
    unhandled,
    pick: (xs) => pick(r, xs),
  });
  const turns = lines.filter((l) => l.role === "caller").length;
  const duration = channel === "voice" ? Math.floor(lines.length * (8 + r() * 12)) : null;
  ctx.out.conversations.push({
    id: conversationId,
    organizationId: ctx.organizationId,
    facilityId: f.id,
    channel,
    externalId,
    fromAddress: phone,
    status: "ended",
    handler,
    outcome,
    summary,
    turnCount: turns,
    durationSeconds: duration,
    startedAt,
    endedAt: new Date(startedAt.getTime() + (duration ?? 120) * 1000),
    leadId,
    reservationId,
  });
  const step = ((duration ?? 120) * 1000) / Math.max(1, lines.length);
  lines.forEach((line, seq) =>
    ctx.out.messages.push({
      organizationId: ctx.organizationId,
      conversationId,
      seq: seq + 1,
      role: line.role,
      text: line.text,
      intent: line.intent ?? null,
      confidence:
        line.role === "caller" ? (line.intent === "out_of_scope" || line.intent === "unclear" ? 0.3 : 0.9) : null,
      createdAt: new Date(startedAt.getTime() + Math.round(seq * step)),
    }),
  );
}

function seedDay(ctx: Ctx, day: string, now: Date, withBookings: boolean) {
  const r = rng(`${ctx.organizationId}:${day}`);
  // Free units whose rental ended or hold lapsed.
  for (const [unitId, b] of ctx.busy) if (b.until !== null && b.until <= day) ctx.busy.delete(unitId);
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  let i = 0;
  for (const f of ctx.facilities) {
    // Volume follows the facility's size: about one contact a day per dozen units on a weekday
    // (a 250-unit store hears from ~20 people), fewer at weekends, at least a couple.
    const unitsHere = ctx.units.filter((u) => u.facilityId === f.id);
    const perDay = Math.max(2, unitsHere.length / (weekend ? 22 : 12));
    const count = Math.round(perDay * (0.8 + r() * 0.4));
    for (let k = 0; k < count && i < 89; k++, i++) seedConversation(ctx, r, f, unitsHere, day, i, now, withBookings);
  }
  // Leads from the website form: answered by follow-up texts, not in a conversation (first run only: no key to dedupe them by).
  if (!withBookings) return;
  for (let i = 0; i < 2; i++) {
    const f = pick(r, ctx.facilities);
    const createdAt = zoned(day, Math.floor((7 + r() * 15) * 60), f.timeZone);
    if (createdAt > now) continue;
    const l = addLead(ctx, r, { facilityId: f.id, phone: demoPhone(day, 90 + i), source: "web", createdAt });
    addFollowUps(ctx, r, l.id, createdAt, now);
  }
}

type NewLead = typeof lead.$inferInsert & { id: string };

/** A fictional +1 555 number unique to (day, index), so reruns and top-ups never reuse one. */
const demoPhone = (day: string, i: number) =>
  `+1555${String(Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000) % 100_000).padStart(5, "0")}${String(i).padStart(2, "0")}`;

function addLead(
  ctx: Ctx,
  r: Rand,
  v: { facilityId: string; phone: string; name?: string; source: "call" | "sms" | "chat" | "web"; createdAt: Date },
): NewLead {
  const customerId = id();
  ctx.out.customers.push({
    id: customerId,
    organizationId: ctx.organizationId,
    name: v.name ?? `${pick(r, FIRST)} ${pick(r, LAST)}`,
    phone: v.phone,
  });
  const l: NewLead = {
    id: id(),
    organizationId: ctx.organizationId,
    customerId,
    facilityId: v.facilityId,
    source: v.source,
    status: weighted(r, [
      ["new", 3],
      ["contacted", 3],
      ["quoted", 2],
      ["lost", 1],
    ] as const),
    score: Math.floor(r() * 100),
    createdAt: v.createdAt,
  };
  ctx.out.leads.push(l);
  return l;
}

/** A held unit: moves in (most), lapses, or is still on hold when its move-in date is ahead. */
function addReservation(
  ctx: Ctx,
  r: Rand,
  v: {
    facilityId: string;
    timeZone: string;
    lead: NewLead;
    day: string;
    externalId: string;
    channel: string;
    createdAt: Date;
  },
): { id: string; code: string; moveInDate: string; size: string; rateCents: number } | null {
  const all = ctx.units.filter((u) => u.facilityId === v.facilityId);
  const free = all.filter((u) => !ctx.busy.has(u.id) && spareOfType(ctx, u.unitTypeId));
  if (all.length === 0) return null;
  // Sold out: the hold is taken on a unit about to free up and lapses.
  const u = pick(r, free.length ? free : all);
  const moveInDate = addDays(v.day, Math.floor(r() * 6));
  const today = localDate(v.timeZone);
  const status = !free.length
    ? "expired"
    : moveInDate > today
      ? "active"
      : r() < 0.75
        ? "converted"
        : pick(r, ["expired", "cancelled"] as const);
  const reservationId = id();
  const code = `H${createHash("sha256").update(v.externalId).digest("hex").slice(0, 7).toUpperCase()}`;
  ctx.out.reservations.push({
    id: reservationId,
    organizationId: ctx.organizationId,
    facilityId: v.facilityId,
    unitTypeId: u.unitTypeId,
    unitId: u.id,
    customerId: v.lead.customerId,
    leadId: v.lead.id,
    status,
    moveInDate,
    quotedMonthlyRateCents: u.rateCents,
    quote: { monthlyRateCents: u.rateCents },
    confirmationCode: code,
    holdExpiresAt: zoned(addDays(moveInDate, 7), 0, v.timeZone),
    channel: v.channel === "voice" ? "phone" : v.channel === "sms" ? "sms" : "chat",
    createdBy: "agent",
    createdAt: v.createdAt,
  });
  v.lead.status = status === "converted" ? "moved_in" : status === "active" ? "reserved" : "lost";
  if (status === "active") ctx.busy.set(u.id, { kind: "hold", until: addDays(moveInDate, 7) });
  if (status === "converted") {
    const moveOut = r() < 0.3 ? addDays(moveInDate, 20 + Math.floor(r() * 40)) : null;
    addRental(
      ctx,
      u,
      moveInDate,
      moveOut && moveOut < today ? moveOut : null,
      reservationId,
      r,
      moveInDate,
      v.lead.customerId,
    );
  }
  return { id: reservationId, code, moveInDate, size: u.size, rateCents: u.rateCents };
}

/** Follow-up texts: the first a few minutes to a few hours after the lead came in. */
function addFollowUps(ctx: Ctx, r: Rand, leadId: string, from: Date, now: Date) {
  const sentAt = new Date(from.getTime() + Math.floor(2 + r() * (r() < 0.7 ? 20 : 300)) * 60_000);
  const outcome = weighted(r, [
    ["completed", 5],
    ["replied", 3],
    ["reserved", 1],
    ["opted_out", 1],
  ] as const);
  if (sentAt > now) return;
  const sequenceId = id();
  ctx.out.sequences.push({
    id: sequenceId,
    organizationId: ctx.organizationId,
    leadId,
    workflowId: `demo-history-follow-up:${leadId}`,
    trigger: "demo history",
    status: outcome === "completed" ? "completed" : "stopped",
    stopReason: outcome === "completed" ? null : outcome,
    createdAt: from,
  });
  ctx.out.followUps.push({
    organizationId: ctx.organizationId,
    sequenceId,
    leadId,
    stepIndex: 0,
    template: "quote",
    status: "sent",
    scheduledFor: sentAt,
    sentAt,
    body: "Thanks for your interest! Reply to reserve.",
  });
}

/** Units match the history: occupied by a current rental, reserved by an active hold, else available. */
async function syncUnitStatuses(tx: Executor, organizationId: string) {
  await tx.execute(sql`
    UPDATE unit u SET status = CASE
      WHEN EXISTS (SELECT 1 FROM rental re WHERE re.unit_id = u.id AND re.moved_out_at IS NULL) THEN 'occupied'
      WHEN EXISTS (SELECT 1 FROM reservation rs WHERE rs.unit_id = u.id AND rs.status = 'active') THEN 'reserved'
      ELSE 'available' END
    WHERE u.organization_id = ${organizationId} AND u.status <> 'unavailable'`);
}
