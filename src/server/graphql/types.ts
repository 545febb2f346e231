import type { UnitTypeAvailability } from "@/server/domain/inventory/availability";

import { builder } from "./builder";
import type { GraphQLContext } from "./context";
import {
  ConversationChannel,
  ConversationHandler,
  ConversationOutcome,
  ConversationStatus,
  Direction,
  LeadSource,
  LeadStatus,
  MessageRole,
  PricingChannel,
  PromotionKind,
  ReservationStatus,
  TextChannel,
  UnitFeature,
  UnitStatus,
} from "./enums";
import type {
  ConversationJson,
  CustomerJson,
  FacilityJson,
  LeadJson,
  ReservationJson,
  UnitJson,
  UnitTypeRow,
} from "./loaders";

/**
 * The object types. Each is backed by the public API's JSON for that resource (or, for unit types,
 * the row: its price and availability are computed only when asked for), so a GraphQL field and the
 * REST field of the same name always agree. Related objects load through the per-operation loaders.
 */
export type MessageJson = {
  id: string;
  conversation_id: string;
  channel: "sms" | "chat";
  direction: "inbound" | "outbound";
  role: (typeof MessageRole.$inferType)[number] | string;
  from: string | null;
  to: string | null;
  text: string;
  created_at: string;
};

const loadFacility = (ctx: GraphQLContext, id: string | null) => (id ? ctx.loaders.facility.load(id) : null);

export const Address = builder.objectRef<FacilityJson["address"]>("Address").implement({
  fields: (t) => ({
    line1: t.exposeString("line1"),
    line2: t.exposeString("line2", { nullable: true }),
    city: t.exposeString("city"),
    state: t.exposeString("state"),
    postalCode: t.string({ resolve: (a) => a.postal_code }),
    country: t.exposeString("country"),
  }),
});

const OpenRange = builder.objectRef<{ open: string; close: string }>("OpenRange").implement({
  description: "HH:MM in the facility's time zone.",
  fields: (t) => ({ open: t.exposeString("open"), close: t.exposeString("close") }),
});

const DayHours = builder.objectRef<{ day: string; ranges: { open: string; close: string }[] }>("DayHours").implement({
  description: "One weekday's open ranges; a day that is not listed is closed.",
  fields: (t) => ({
    day: t.exposeString("day", { description: "mon, tue, wed, thu, fri, sat or sun." }),
    ranges: t.field({ type: [OpenRange], resolve: (d) => d.ranges }),
  }),
});

const hoursOf = (h: FacilityJson["office_hours"]) =>
  Object.entries(h).map(([day, ranges]) => ({ day, ranges: ranges ?? [] }));

export const Facility = builder.objectRef<FacilityJson>("Facility");
export const UnitType = builder.objectRef<UnitTypeRow>("UnitType");
export const Unit = builder.objectRef<UnitJson>("Unit");
export const Customer = builder.objectRef<CustomerJson>("Customer");
export const Lead = builder.objectRef<LeadJson>("Lead");
export const Reservation = builder.objectRef<ReservationJson>("Reservation");
export const Conversation = builder.objectRef<ConversationJson>("Conversation");
export const Message = builder.objectRef<MessageJson>("Message");

Facility.implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    slug: t.exposeString("slug"),
    address: t.field({ type: Address, resolve: (f) => f.address }),
    latitude: t.exposeFloat("latitude", { nullable: true }),
    longitude: t.exposeFloat("longitude", { nullable: true }),
    timeZone: t.string({ description: "IANA time zone, e.g. America/Chicago.", resolve: (f) => f.time_zone }),
    phone: t.exposeString("phone", { nullable: true }),
    officeHours: t.field({ type: [DayHours], resolve: (f) => hoursOf(f.office_hours) }),
    accessHours: t.field({ type: [DayHours], resolve: (f) => hoursOf(f.access_hours) }),
    amenities: t.exposeStringList("amenities"),
    holdPeriodDays: t.int({
      description: "Days a reservation holds a unit after its move-in date.",
      resolve: (f) => f.hold_period_days,
    }),
    moveInWithoutStaff: t.boolean({
      description:
        "Tenants may move in with nobody at the office (contactless or online move-in): a move-in date on a day the office is closed is not flagged.",
      resolve: (f) => f.move_in_without_staff,
    }),
    active: t.exposeBoolean("active"),
    createdAt: t.field({ type: "DateTime", resolve: (f) => f.created_at }),
    updatedAt: t.field({ type: "DateTime", resolve: (f) => f.updated_at }),
  }),
});

const Availability = builder.objectRef<{ total: number; available: number }>("Availability").implement({
  description: "Counted now; lapsed holds count as free.",
  fields: (t) => ({
    totalUnits: t.int({ resolve: (a) => a.total }),
    availableUnits: t.int({ resolve: (a) => a.available }),
  }),
});

export const PromotionRef = builder
  .objectRef<{ id: string; name: string; kind: string; months: number }>("PromotionRef")
  .implement({
    description: "The promotion applied to a price.",
    fields: (t) => ({
      id: t.exposeID("id"),
      name: t.exposeString("name"),
      kind: t.field({ type: PromotionKind, resolve: (p) => p.kind as never }),
      months: t.exposeInt("months"),
    }),
  });

type Offer = Awaited<ReturnType<GraphQLContext["loaders"]["offer"]["load"]>>;
const CurrentOffer = builder.objectRef<Offer>("Offer").implement({
  description: "Today's web price from the pricing engine, best eligible promotion applied.",
  fields: (t) => ({
    channel: t.field({ type: PricingChannel, resolve: (q) => q.channel }),
    moveInDate: t.field({ type: "Date", resolve: (q) => q.moveInDate }),
    monthlyRateCents: t.exposeInt("monthlyRateCents"),
    promotion: t.field({ type: PromotionRef, nullable: true, resolve: (q) => q.promotion }),
    dueAtMoveInCents: t.exposeInt("dueAtMoveInCents"),
    monthlyAfterCents: t.exposeInt("monthlyAfterCents", {
      description: "Regular monthly charge once promotions end (rent, protection, tax).",
    }),
  }),
});

UnitType.implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    facility: t.field({ type: Facility, resolve: (u, _a, ctx) => ctx.loaders.facility.load(u.facilityId) as never }),
    name: t.exposeString("name"),
    width: t.int({ description: "Feet.", resolve: (u) => u.widthFt }),
    length: t.int({ description: "Feet.", resolve: (u) => u.lengthFt }),
    height: t.int({ nullable: true, resolve: (u) => u.heightFt }),
    features: t.field({ type: [UnitFeature], resolve: (u) => u.features }),
    whatFits: t.string({ nullable: true, resolve: (u) => u.whatFits }),
    streetRateCents: t.exposeInt("streetRateCents"),
    webRateCents: t.exposeInt("webRateCents"),
    active: t.exposeBoolean("active"),
    availability: t.field({
      type: Availability,
      resolve: async (u, _a, ctx) => {
        const all: UnitTypeAvailability[] = await ctx.loaders.availability.load(u.facilityId);
        const a = all.find((x) => x.unitTypeId === u.id);
        return { total: a?.total ?? 0, available: a?.available ?? 0 };
      },
    }),
    currentOffer: t.field({ type: CurrentOffer, resolve: (u, _a, ctx) => ctx.loaders.offer.load(u.id) }),
    units: t.field({ type: [Unit], resolve: (u, _a, ctx) => ctx.loaders.unitsOfType.load(u.id) }),
    createdAt: t.field({ type: "DateTime", resolve: (u) => u.createdAt.toISOString() }),
    updatedAt: t.field({ type: "DateTime", resolve: (u) => u.updatedAt.toISOString() }),
  }),
});

Unit.implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    facility: t.field({ type: Facility, resolve: (u, _a, ctx) => ctx.loaders.facility.load(u.facility_id) as never }),
    unitType: t.field({ type: UnitType, resolve: (u, _a, ctx) => ctx.loaders.unitType.load(u.unit_type_id) as never }),
    number: t.exposeString("number"),
    status: t.field({ type: UnitStatus, resolve: (u) => u.status }),
    floor: t.exposeInt("floor", { nullable: true }),
    createdAt: t.field({ type: "DateTime", resolve: (u) => u.created_at }),
    updatedAt: t.field({ type: "DateTime", resolve: (u) => u.updated_at }),
  }),
});

Customer.implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    phone: t.exposeString("phone", { nullable: true, description: "E.164, e.g. +15105550123." }),
    email: t.exposeString("email", { nullable: true }),
    notes: t.exposeString("notes", { nullable: true }),
    lastConversation: t.field({
      type: Conversation,
      nullable: true,
      description: "The customer's most recent call, text thread or chat.",
      resolve: (c, _a, ctx) => ctx.loaders.lastConversationOfCustomer.load(c.id),
    }),
    createdAt: t.field({ type: "DateTime", resolve: (c) => c.created_at }),
    updatedAt: t.field({ type: "DateTime", resolve: (c) => c.updated_at }),
  }),
});

Lead.implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    status: t.field({ type: LeadStatus, resolve: (l) => l.status }),
    source: t.field({ type: LeadSource, resolve: (l) => l.source }),
    customer: t.field({ type: Customer, resolve: (l, _a, ctx) => ctx.loaders.customer.load(l.customer_id) as never }),
    name: t.exposeString("name"),
    phone: t.exposeString("phone", { nullable: true, description: "E.164." }),
    email: t.exposeString("email", { nullable: true }),
    facility: t.field({ type: Facility, nullable: true, resolve: (l, _a, ctx) => loadFacility(ctx, l.facility_id) }),
    lostReason: t.string({ nullable: true, resolve: (l) => l.lost_reason }),
    desiredWidth: t.int({ nullable: true, resolve: (l) => l.desired_width }),
    desiredLength: t.int({ nullable: true, resolve: (l) => l.desired_length }),
    desiredUnitType: t.field({
      type: UnitType,
      nullable: true,
      resolve: (l, _a, ctx) => (l.desired_unit_type_id ? ctx.loaders.unitType.load(l.desired_unit_type_id) : null),
    }),
    desiredMoveInDate: t.field({ type: "Date", nullable: true, resolve: (l) => l.desired_move_in_date }),
    notes: t.exposeString("notes", { nullable: true }),
    nextFollowUpAt: t.field({ type: "DateTime", nullable: true, resolve: (l) => l.next_follow_up_at }),
    score: t.exposeInt("score"),
    lastConversation: t.field({
      type: Conversation,
      nullable: true,
      description: "The person's most recent call, text thread or chat.",
      resolve: (l, _a, ctx) => ctx.loaders.lastConversationOfCustomer.load(l.customer_id),
    }),
    createdAt: t.field({ type: "DateTime", resolve: (l) => l.created_at }),
    updatedAt: t.field({ type: "DateTime", resolve: (l) => l.updated_at }),
  }),
});

Reservation.implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    status: t.field({ type: ReservationStatus, resolve: (r) => r.status }),
    confirmationCode: t.string({ resolve: (r) => r.confirmation_code }),
    facility: t.field({ type: Facility, resolve: (r, _a, ctx) => ctx.loaders.facility.load(r.facility_id) as never }),
    unitType: t.field({ type: UnitType, resolve: (r, _a, ctx) => ctx.loaders.unitType.load(r.unit_type.id) as never }),
    unit: t.field({ type: Unit, resolve: (r, _a, ctx) => ctx.loaders.unit.load(r.unit_id) as never }),
    unitNumber: t.string({ resolve: (r) => r.unit_number }),
    moveInDate: t.field({ type: "Date", resolve: (r) => r.move_in_date }),
    monthlyRateCents: t.int({
      description: "The quoted rate before promotions.",
      resolve: (r) => r.monthly_rate_cents,
    }),
    promotion: t.field({ type: PromotionRef, nullable: true, resolve: (r) => r.promotion }),
    dueAtMoveInCents: t.int({ nullable: true, resolve: (r) => r.due_at_move_in_cents }),
    holdExpiresAt: t.field({ type: "DateTime", resolve: (r) => r.hold_expires_at }),
    channel: t.field({ type: PricingChannel, resolve: (r) => r.channel }),
    customer: t.field({ type: Customer, resolve: (r, _a, ctx) => ctx.loaders.customer.load(r.customer.id) as never }),
    lead: t.field({
      type: Lead,
      nullable: true,
      resolve: (r, _a, ctx) => (r.lead_id ? ctx.loaders.lead.load(r.lead_id) : null),
    }),
    cancelledReason: t.string({ nullable: true, resolve: (r) => r.cancelled_reason }),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.created_at }),
    updatedAt: t.field({ type: "DateTime", resolve: (r) => r.updated_at }),
  }),
});

export const TranscriptTurn = builder.objectRef<ConversationJson["transcript"][number]>("TranscriptTurn").implement({
  description: "One line of a transcript. Gate codes are never included (integrators are not staff).",
  fields: (t) => ({
    role: t.field({ type: MessageRole, resolve: (x) => x.role }),
    text: t.exposeString("text"),
    at: t.field({ type: "DateTime", resolve: (x) => x.at }),
    interrupted: t.exposeBoolean("interrupted", {
      description: "Voice: the caller talked over this reply; text holds what they heard.",
    }),
  }),
});

Conversation.implement({
  description: "A phone call, an SMS thread or a web chat, with its transcript.",
  fields: (t) => ({
    id: t.exposeID("id"),
    channel: t.field({ type: ConversationChannel, resolve: (c) => c.channel }),
    direction: t.field({ type: Direction, resolve: (c) => c.direction }),
    from: t.exposeString("from", { nullable: true, description: "E.164 for voice and SMS, null for web chat." }),
    to: t.exposeString("to", { nullable: true }),
    facility: t.field({ type: Facility, nullable: true, resolve: (c, _a, ctx) => loadFacility(ctx, c.facility_id) }),
    customer: t.field({
      type: Customer,
      nullable: true,
      resolve: (c, _a, ctx) => (c.customer_id ? ctx.loaders.customer.load(c.customer_id) : null),
    }),
    lead: t.field({
      type: Lead,
      nullable: true,
      resolve: (c, _a, ctx) => (c.lead_id ? ctx.loaders.lead.load(c.lead_id) : null),
    }),
    reservation: t.field({
      type: Reservation,
      nullable: true,
      resolve: (c, _a, ctx) => (c.reservation_id ? ctx.loaders.reservation.load(c.reservation_id) : null),
    }),
    status: t.field({ type: ConversationStatus, resolve: (c) => c.status }),
    providerStatus: t.string({ nullable: true, resolve: (c) => c.provider_status }),
    handler: t.field({ type: ConversationHandler, resolve: (c) => c.handler }),
    outcome: t.field({ type: ConversationOutcome, nullable: true, resolve: (c) => c.outcome }),
    summary: t.exposeString("summary", { nullable: true }),
    language: t.exposeString("language", { description: "en or es." }),
    startedAt: t.field({ type: "DateTime", resolve: (c) => c.started_at }),
    endedAt: t.field({ type: "DateTime", nullable: true, resolve: (c) => c.ended_at }),
    durationSeconds: t.int({ nullable: true, resolve: (c) => c.duration_seconds }),
    turnCount: t.int({ description: "Customer turns answered by the agent.", resolve: (c) => c.turn_count }),
    transcript: t.field({
      type: [TranscriptTurn],
      description: "In order.",
      resolve: (c, _a, ctx) => (c.transcript.length ? c.transcript : ctx.loaders.transcript.load(c.id)),
    }),
    createdAt: t.field({ type: "DateTime", resolve: (c) => c.created_at }),
    updatedAt: t.field({ type: "DateTime", resolve: (c) => c.updated_at }),
  }),
});

Message.implement({
  description: "One text of an SMS thread or a web chat.",
  fields: (t) => ({
    id: t.exposeID("id"),
    conversation: t.field({
      type: Conversation,
      resolve: (m, _a, ctx) => ctx.loaders.conversation.load(m.conversation_id) as never,
    }),
    channel: t.field({ type: TextChannel, resolve: (m) => m.channel }),
    direction: t.field({ type: Direction, resolve: (m) => m.direction }),
    role: t.field({ type: MessageRole, resolve: (m) => m.role as never }),
    from: t.exposeString("from", { nullable: true }),
    to: t.exposeString("to", { nullable: true }),
    text: t.exposeString("text"),
    createdAt: t.field({ type: "DateTime", resolve: (m) => m.created_at }),
  }),
});
