import type { z } from "zod";

import type {
  conversation,
  customer,
  facility,
  facilityClosure,
  knowledgeBaseEntry,
  lead,
  message,
  promotion,
  reservation,
  unit,
  unitType,
} from "@/server/db/schema";
import type { UnitTypeAvailability } from "@/server/domain/inventory/availability";
import type { UnitTypeQuote } from "@/server/domain/quotes/quote-unit-type";

import type {
  ZConversation,
  ZCustomer,
  ZFacility,
  ZFacilityClosure,
  ZKnowledgeBaseEntry,
  ZLead,
  ZMessage,
  ZReservation,
  ZUnit,
  ZUnitType,
} from "./schemas";

/** Database rows to the public JSON shapes (see schemas.ts). */
const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];

export function toFacility(f: Row<typeof facility>): z.input<typeof ZFacility> {
  return {
    id: f.id,
    name: f.name,
    slug: f.slug,
    address: {
      line1: f.addressLine1,
      line2: f.addressLine2,
      city: f.city,
      state: f.state,
      postal_code: f.postalCode,
      country: f.country,
    },
    latitude: f.latitude,
    longitude: f.longitude,
    time_zone: f.timeZone,
    phone: f.phone,
    office_hours: f.officeHours,
    access_hours: f.accessHours,
    amenities: f.amenities,
    hold_period_days: f.holdPeriodDays,
    move_in_without_staff: f.moveInWithoutStaff,
    active: f.active,
    created_at: iso(f.createdAt),
    updated_at: iso(f.updatedAt),
  };
}

export function toKnowledgeBaseEntry(k: Row<typeof knowledgeBaseEntry>): z.input<typeof ZKnowledgeBaseEntry> {
  return {
    id: k.id,
    facility_id: k.facilityId,
    kind: k.kind,
    question: k.question,
    answer: k.answer,
    question_es: k.questionEs,
    answer_es: k.answerEs,
    tags: k.tags,
    created_at: iso(k.createdAt),
    updated_at: iso(k.updatedAt),
  };
}

export function toClosure(c: Row<typeof facilityClosure>): z.input<typeof ZFacilityClosure> {
  return {
    id: c.id,
    facility_id: c.facilityId,
    date: c.date,
    reason: c.reason,
    reason_es: c.reasonEs,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

export function toUnitType(
  ut: Row<typeof unitType>,
  a: UnitTypeAvailability | undefined,
  q: UnitTypeQuote,
): z.input<typeof ZUnitType> {
  return {
    id: ut.id,
    facility_id: ut.facilityId,
    name: ut.name,
    width: ut.widthFt,
    length: ut.lengthFt,
    height: ut.heightFt,
    features: ut.features,
    what_fits: ut.whatFits,
    street_rate_cents: ut.streetRateCents,
    web_rate_cents: ut.webRateCents,
    active: ut.active,
    availability: { total_units: a?.total ?? 0, available_units: a?.available ?? 0 },
    current_offer: {
      channel: q.channel,
      move_in_date: q.moveInDate,
      monthly_rate_cents: q.monthlyRateCents,
      promotion: q.promotion,
      due_at_move_in_cents: q.dueAtMoveInCents,
      monthly_after_cents: q.monthlyAfterCents,
    },
    created_at: iso(ut.createdAt),
    updated_at: iso(ut.updatedAt),
  };
}

export function toUnit(u: Row<typeof unit>): z.input<typeof ZUnit> {
  return {
    id: u.id,
    facility_id: u.facilityId,
    unit_type_id: u.unitTypeId,
    number: u.number,
    status: u.status,
    floor: u.floor,
    created_at: iso(u.createdAt),
    updated_at: iso(u.updatedAt),
  };
}

export function toCustomer(c: Row<typeof customer>): z.input<typeof ZCustomer> {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone,
    email: c.email,
    notes: c.notes,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

export function toLead(
  l: Row<typeof lead>,
  c: Pick<Row<typeof customer>, "name" | "phone" | "email">,
): z.input<typeof ZLead> {
  return {
    id: l.id,
    status: l.status,
    source: l.source,
    customer_id: l.customerId,
    name: c.name,
    phone: c.phone,
    email: c.email,
    facility_id: l.facilityId,
    lost_reason: l.lostReason,
    desired_width: l.desiredWidthFt,
    desired_length: l.desiredLengthFt,
    desired_unit_type_id: l.desiredUnitTypeId,
    desired_move_in_date: l.desiredMoveInDate,
    notes: l.notes,
    next_follow_up_at: isoOrNull(l.nextFollowUpAt),
    score: l.score,
    created_at: iso(l.createdAt),
    updated_at: iso(l.updatedAt),
  };
}

export interface ReservationRow {
  r: Row<typeof reservation>;
  ut: Pick<Row<typeof unitType>, "id" | "name" | "widthFt" | "lengthFt" | "features">;
  unitNumber: string;
  c: Pick<Row<typeof customer>, "id" | "name" | "phone" | "email">;
  p: Pick<Row<typeof promotion>, "id" | "name" | "kind" | "months"> | null;
}

export function toReservation({ r, ut, unitNumber, c, p }: ReservationRow): z.input<typeof ZReservation> {
  const due = (r.quote as { dueAtMoveInCents?: unknown }).dueAtMoveInCents;
  return {
    id: r.id,
    status: r.status,
    confirmation_code: r.confirmationCode,
    facility_id: r.facilityId,
    unit_type: { id: ut.id, name: ut.name, width: ut.widthFt, length: ut.lengthFt, features: ut.features },
    unit_id: r.unitId,
    unit_number: unitNumber,
    move_in_date: r.moveInDate,
    monthly_rate_cents: r.quotedMonthlyRateCents,
    promotion: p && p.id ? { id: p.id, name: p.name, kind: p.kind, months: p.months } : null,
    due_at_move_in_cents: typeof due === "number" ? due : null,
    hold_expires_at: iso(r.holdExpiresAt),
    channel: r.channel,
    customer: { id: c.id, name: c.name, phone: c.phone, email: c.email },
    lead_id: r.leadId,
    cancelled_reason: r.cancelledReason,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
  };
}

export type TranscriptRow = Pick<Row<typeof message>, "role" | "text" | "createdAt" | "interrupted">;

/** Playground rows never get here (conversation-query filters them out). */
const publicChannel = (channel: Row<typeof conversation>["channel"]) => (channel === "playground" ? "chat" : channel);

export const toTranscriptTurn = (t: TranscriptRow) => ({
  role: t.role,
  text: t.text,
  at: iso(t.createdAt),
  interrupted: t.interrupted,
});

export function toConversation(c: Row<typeof conversation>, turns: TranscriptRow[]): z.input<typeof ZConversation> {
  return {
    id: c.id,
    channel: publicChannel(c.channel),
    direction: c.direction,
    from: c.fromAddress,
    to: c.toAddress,
    facility_id: c.facilityId,
    customer_id: c.customerId,
    lead_id: c.leadId,
    reservation_id: c.reservationId,
    status: c.status,
    provider_status: c.providerStatus,
    handler: c.handler,
    outcome: c.outcome,
    summary: c.summary,
    language: c.language,
    started_at: iso(c.startedAt),
    ended_at: isoOrNull(c.endedAt),
    duration_seconds: c.durationSeconds,
    turn_count: c.turnCount,
    transcript: turns.map(toTranscriptTurn),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

/** A text in a thread: the customer's are inbound (from their address to ours), ours outbound. */
export function toMessage(
  m: Pick<Row<typeof message>, "id" | "conversationId" | "role" | "text" | "createdAt">,
  c: Pick<Row<typeof conversation>, "channel" | "fromAddress" | "toAddress">,
): z.input<typeof ZMessage> {
  const inbound = m.role === "caller";
  return {
    id: m.id,
    conversation_id: m.conversationId,
    channel: c.channel === "sms" ? "sms" : "chat",
    direction: inbound ? "inbound" : "outbound",
    role: m.role,
    from: inbound ? c.fromAddress : c.toAddress,
    to: inbound ? c.toAddress : c.fromAddress,
    text: m.text,
    created_at: iso(m.createdAt),
  };
}
