import DataLoader from "dataloader";
import { and, asc, desc, eq, getTableColumns, inArray, isNull, lte, or, sql } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import {
  conversation,
  customer,
  facility,
  facilityClosure,
  knowledgeBaseEntry,
  lead,
  payment,
  reservation,
  unit,
  unitType,
} from "@/server/db/schema";
import { keyset, page } from "@/server/public-api/pagination";
import { cursorMicros } from "@/server/read-model/cursor";
import { toPaymentJson, type PaymentJson } from "@/server/read-model/payment";
import { getAvailability, type UnitTypeAvailability } from "@/server/domain/inventory/availability";
import { quoteUnitType, type UnitTypeQuote } from "@/server/domain/quotes/quote-unit-type";
import { selectConversations, withTranscripts } from "@/server/read-model/conversation";
import { selectLeads } from "@/server/read-model/lead";
import { selectReservations } from "@/server/read-model/reservation";
import {
  toClosure,
  toConversation,
  toCustomer,
  toFacility,
  toKnowledgeBaseEntry,
  toLead,
  toReservation,
  toUnit,
} from "@/server/read-model/serializers";

/**
 * Batched reads for nested fields: each loader turns the ids one level of a query asks for into one
 * statement (`WHERE id = ANY(...)`), so 50 leads with their customer, facility and last conversation
 * cost four statements, not 151. Objects are the public API's JSON (src/server/public-api), built by
 * the same serializers and queries as REST: one representation, one set of rules (gate codes never
 * reach an integrator's transcript). A loader lives for one operation (or one subscription event).
 */
type Run = <T>(fn: (tx: Transaction) => Promise<T>) => Promise<T>;

export type FacilityJson = ReturnType<typeof toFacility>;
export type CustomerJson = ReturnType<typeof toCustomer>;
export type LeadJson = ReturnType<typeof toLead>;
export type ReservationJson = ReturnType<typeof toReservation>;
export type UnitJson = ReturnType<typeof toUnit>;
export type ConversationJson = ReturnType<typeof toConversation>;
export type UnitTypeRow = typeof unitType.$inferSelect;
export type KnowledgeBaseEntryJson = ReturnType<typeof toKnowledgeBaseEntry>;
export type ClosureJson = ReturnType<typeof toClosure>;
export type { PaymentJson };
export type PaymentPage = ReturnType<typeof page<{ cursorMicros: string; id: string }, PaymentJson>>;

/** A page of one customer's or one reservation's payments: `first` and `after` as the connection's. */
export interface PaymentsOfKey {
  of: "customer" | "reservation";
  id: string;
  first: number;
  after: string | null;
}

function byId<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

const paymentsOfCacheKey = (k: PaymentsOfKey) => `${k.of}|${k.id}|${k.first}|${k.after ?? ""}`;

export function createLoaders(run: Run, organizationId: string) {
  const ids = (keys: readonly string[]) => [...new Set(keys)];
  const loaders = {
    facility: new DataLoader<string, FacilityJson | null>((keys) =>
      run(async (tx) => {
        const rows = await tx
          .select()
          .from(facility)
          .where(and(eq(facility.organizationId, organizationId), inArray(facility.id, ids(keys))));
        return byId(keys, rows.map(toFacility));
      }),
    ),
    customer: new DataLoader<string, CustomerJson | null>((keys) =>
      run(async (tx) => {
        const rows = await tx
          .select()
          .from(customer)
          .where(and(eq(customer.organizationId, organizationId), inArray(customer.id, ids(keys))));
        return byId(keys, rows.map(toCustomer));
      }),
    ),
    unitType: new DataLoader<string, UnitTypeRow | null>((keys) =>
      run(async (tx) => {
        const rows = await tx
          .select()
          .from(unitType)
          .where(and(eq(unitType.organizationId, organizationId), inArray(unitType.id, ids(keys))));
        return byId(keys, rows);
      }),
    ),
    unit: new DataLoader<string, UnitJson | null>((keys) =>
      run(async (tx) => {
        const rows = await tx
          .select()
          .from(unit)
          .where(and(eq(unit.organizationId, organizationId), inArray(unit.id, ids(keys))));
        return byId(keys, rows.map(toUnit));
      }),
    ),
    lead: new DataLoader<string, LeadJson | null>((keys) =>
      run(async (tx) => {
        const rows = await selectLeads(tx, and(eq(lead.organizationId, organizationId), inArray(lead.id, ids(keys))));
        return byId(
          keys,
          rows.map((r) => toLead(r.l, r.c)),
        );
      }),
    ),
    reservation: new DataLoader<string, ReservationJson | null>((keys) =>
      run(async (tx) => {
        const rows = await selectReservations(
          tx,
          and(eq(reservation.organizationId, organizationId), inArray(reservation.id, ids(keys))),
        );
        return byId(keys, rows.map(toReservation));
      }),
    ),
    /** Conversations without their transcript (`transcript` below loads it only when asked for). */
    conversation: new DataLoader<string, ConversationJson | null>((keys) =>
      run(async (tx) => {
        const rows = await selectConversations(
          tx,
          and(eq(conversation.organizationId, organizationId), inArray(conversation.id, ids(keys))),
        );
        return byId(
          keys,
          rows.map((r) => toConversation(r.c, [])),
        );
      }),
    ),
    /** Each customer's most recent conversation (playground sessions never count). */
    lastConversationOfCustomer: new DataLoader<string, ConversationJson | null>((keys) =>
      run(async (tx) => {
        const rows = await selectConversations(
          tx,
          and(eq(conversation.organizationId, organizationId), inArray(conversation.customerId, ids(keys))),
        ).orderBy(conversation.customerId, desc(conversation.startedAt), desc(conversation.id));
        const latest = new Map<string, ConversationJson>();
        for (const r of rows)
          if (r.c.customerId && !latest.has(r.c.customerId)) latest.set(r.c.customerId, toConversation(r.c, []));
        return keys.map((k) => latest.get(k) ?? null);
      }),
    ),
    /** Transcripts in order, gate codes removed, for many conversations in one statement. */
    transcript: new DataLoader<string, ConversationJson["transcript"]>((keys) =>
      run(async (tx) => {
        const rows = await tx
          .select()
          .from(conversation)
          .where(and(eq(conversation.organizationId, organizationId), inArray(conversation.id, ids(keys))));
        const json = await withTranscripts(tx, organizationId, rows);
        const map = new Map(json.map((c) => [c.id, c.transcript]));
        return keys.map((k) => map.get(k) ?? []);
      }),
    ),
    /** Availability counts per facility (one statement per facility asked about). */
    availability: new DataLoader<string, UnitTypeAvailability[]>(
      (facilityIds) =>
        run((tx) => Promise.all(facilityIds.map((facilityId) => getAvailability(tx, organizationId, { facilityId })))),
      { batch: false },
    ),
    /** Today's web price from the pricing engine: the API quotes exactly what the agent quotes. */
    offer: new DataLoader<string, UnitTypeQuote>((unitTypeIds) =>
      run(async (tx) => {
        const out: UnitTypeQuote[] = [];
        for (const id of unitTypeIds)
          out.push(await quoteUnitType(tx, organizationId, { unitTypeId: id, channel: "web" }));
        return out;
      }),
    ),
    /**
     * Pages of payments per customer or reservation, newest first, for many parents in one statement:
     * each parent's rows are numbered (row_number over the parent) and the first `first + 1` kept.
     * Keys asking for the same page size and cursor share the statement.
     */
    paymentsOf: new DataLoader<PaymentsOfKey, PaymentPage, string>(
      (keys) =>
        run(async (tx) => {
          const groups = new Map<string, PaymentsOfKey[]>();
          for (const k of keys) {
            const g = `${k.of}|${k.first}|${k.after ?? ""}`;
            groups.set(g, [...(groups.get(g) ?? []), k]);
          }
          const pages = new Map<string, PaymentPage>();
          for (const group of groups.values()) {
            const { of, first, after } = group[0]!;
            const parent = of === "customer" ? payment.customerId : payment.reservationId;
            const ks = keyset(payment.createdAt, payment.id, after ?? undefined);
            const ranked = tx
              .select({
                ...getTableColumns(payment),
                cursorMicros: cursorMicros(payment.createdAt).as("cursor_micros"),
                rank: sql<number>`row_number() over (partition by ${parent} order by ${payment.createdAt} desc, ${payment.id} desc)`.as(
                  "rank",
                ),
              })
              .from(payment)
              .where(
                and(eq(payment.organizationId, organizationId), inArray(parent, ids(group.map((k) => k.id))), ks.where),
              )
              .as("ranked");
            const rows = await tx
              .select()
              .from(ranked)
              .where(lte(ranked.rank, first + 1))
              .orderBy(desc(ranked.createdAt), desc(ranked.id));
            for (const k of group) {
              const mine = rows.filter((r) => (of === "customer" ? r.customerId : r.reservationId) === k.id);
              pages.set(
                paymentsOfCacheKey(k),
                page(mine, first, ({ cursorMicros: _c, rank: _r, ...p }) => toPaymentJson(p)),
              );
            }
          }
          return keys.map((k) => pages.get(paymentsOfCacheKey(k))!);
        }),
      { cacheKeyFn: paymentsOfCacheKey },
    ),
    knowledgeBaseEntry: new DataLoader<string, KnowledgeBaseEntryJson | null>((keys) =>
      run(async (tx) => {
        const rows = await tx
          .select()
          .from(knowledgeBaseEntry)
          .where(and(eq(knowledgeBaseEntry.organizationId, organizationId), inArray(knowledgeBaseEntry.id, ids(keys))));
        return byId(keys, rows.map(toKnowledgeBaseEntry));
      }),
    ),
    closure: new DataLoader<string, ClosureJson | null>((keys) =>
      run(async (tx) => {
        const rows = await tx
          .select()
          .from(facilityClosure)
          .where(and(eq(facilityClosure.organizationId, organizationId), inArray(facilityClosure.id, ids(keys))));
        return byId(keys, rows.map(toClosure));
      }),
    ),
    /**
     * What the agent answers from at each facility: its own entries and the organization-wide ones,
     * by kind and question as the dashboard lists them. Keys are facilities already loaded (this
     * organization's).
     */
    knowledgeBaseOfFacility: new DataLoader<string, KnowledgeBaseEntryJson[]>((keys) =>
      run(async (tx) => {
        const rows = await tx
          .select()
          .from(knowledgeBaseEntry)
          .where(
            and(
              eq(knowledgeBaseEntry.organizationId, organizationId),
              or(isNull(knowledgeBaseEntry.facilityId), inArray(knowledgeBaseEntry.facilityId, ids(keys))),
            ),
          )
          .orderBy(asc(knowledgeBaseEntry.kind), asc(knowledgeBaseEntry.question), asc(knowledgeBaseEntry.id));
        return keys.map((k) =>
          rows.filter((r) => r.facilityId === null || r.facilityId === k).map(toKnowledgeBaseEntry),
        );
      }),
    ),
    /** Each facility's dated closures, by date. */
    closuresOfFacility: new DataLoader<string, ClosureJson[]>((keys) =>
      run(async (tx) => {
        const rows = await tx
          .select()
          .from(facilityClosure)
          .where(
            and(eq(facilityClosure.organizationId, organizationId), inArray(facilityClosure.facilityId, ids(keys))),
          )
          .orderBy(asc(facilityClosure.date));
        return keys.map((k) => rows.filter((r) => r.facilityId === k).map(toClosure));
      }),
    ),
    /** Units per unit type. */
    unitsOfType: new DataLoader<string, UnitJson[]>((keys) =>
      run(async (tx) => {
        const rows = await tx
          .select()
          .from(unit)
          .where(and(eq(unit.organizationId, organizationId), inArray(unit.unitTypeId, ids(keys))))
          .orderBy(unit.number);
        return keys.map((k) => rows.filter((r) => r.unitTypeId === k).map(toUnit));
      }),
    ),
  };
  return {
    ...loaders,
    clearAll() {
      for (const l of Object.values(loaders)) l.clearAll();
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
