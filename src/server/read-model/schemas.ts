import { z } from "zod";

import {
  CHANNELS,
  CONVERSATION_OUTCOMES,
  KB_KINDS,
  LEAD_SOURCES,
  LEAD_STATUSES,
  MESSAGE_ROLES,
  PROMOTION_KINDS,
  RESERVATION_STATUSES,
  UNIT_FEATURES,
  UNIT_STATUSES,
  WEEKDAYS,
} from "@/server/db/schema";

/**
 * Response schemas of the public API: snake_case JSON, integer cents, UTC ISO 8601 times, E.164
 * phones. Each has an `id` in its metadata, so the OpenAPI document names it as a component.
 */
const id = () => z.uuid();
const time = () => z.iso.datetime();
const date = () => z.iso.date();
/** Conversation channels integrators see: the dashboard's playground sessions are not customers. */
export const PUBLIC_CHANNELS = ["voice", "sms", "chat"] as const;

const ZHours = z
  .partialRecord(z.enum(WEEKDAYS), z.array(z.object({ open: z.string(), close: z.string() })))
  .describe("Per weekday, open ranges as HH:MM in the facility's time zone; a missing day is closed.");

export const ZFacility = z
  .object({
    id: id(),
    name: z.string(),
    slug: z.string(),
    address: z.object({
      line1: z.string(),
      line2: z.string().nullable(),
      city: z.string(),
      state: z.string(),
      postal_code: z.string(),
      country: z.string(),
    }),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    time_zone: z.string().describe("IANA time zone, e.g. America/Chicago."),
    phone: z.string().nullable(),
    office_hours: ZHours,
    access_hours: ZHours,
    amenities: z.array(z.string()),
    hold_period_days: z.number().int().describe("Days a reservation holds a unit after its move-in date."),
    move_in_without_staff: z
      .boolean()
      .describe(
        "Tenants may move in with nobody at the office (contactless or online move-in): a move-in date on a day the office is closed is not flagged.",
      ),
    active: z.boolean(),
    created_at: time(),
    updated_at: time(),
  })
  .meta({ id: "Facility" });

export const ZKnowledgeBaseEntry = z
  .object({
    id: id(),
    facility_id: id().nullable().describe("Null: the entry applies to every facility of the organization."),
    kind: z.enum(KB_KINDS),
    question: z.string().describe("The question or the policy's title; what the agent matches a caller's words to."),
    answer: z.string(),
    question_es: z.string().nullable().describe("The question in Spanish, matched against Spanish callers' words."),
    answer_es: z
      .string()
      .nullable()
      .describe(
        "Said to Spanish callers; null: they hear the English answer after a short Spanish lead-in ('Tengo esta información solo en inglés').",
      ),
    tags: z.array(z.string()),
    created_at: time(),
    updated_at: time(),
  })
  .meta({ id: "KnowledgeBaseEntry", description: "A policy or FAQ the agent answers from." });

export const ZFacilityClosure = z
  .object({
    id: id(),
    facility_id: id(),
    date: date().describe("The day the facility is closed, in its time zone."),
    reason: z.string().describe("Said to callers, e.g. Christmas Day; may be empty."),
    reason_es: z
      .string()
      .nullable()
      .describe("Said to Spanish callers; null: the English reason after a short Spanish lead-in."),
    created_at: time(),
    updated_at: time(),
  })
  .meta({ id: "Closure", description: "A dated closure (a holiday): the office and the agent's hours say closed." });

/** What a DELETE answers: the id of what is gone. */
export const ZDeleted = z
  .object({ id: id(), deleted: z.literal(true) })
  .meta({ id: "Deleted", description: "The object was deleted." });

export const ZPromotionRef = z
  .object({ id: id(), name: z.string(), kind: z.enum(PROMOTION_KINDS), months: z.number().int() })
  .meta({ id: "PromotionRef", description: "The promotion applied to a price." });

export const ZUnitType = z
  .object({
    id: id(),
    facility_id: id(),
    name: z.string(),
    width: z.number().int().describe("Feet."),
    length: z.number().int().describe("Feet."),
    height: z.number().int().nullable(),
    features: z.array(z.enum(UNIT_FEATURES)),
    what_fits: z.string().nullable(),
    street_rate_cents: z.number().int(),
    web_rate_cents: z.number().int(),
    active: z.boolean(),
    availability: z
      .object({ total_units: z.number().int(), available_units: z.number().int() })
      .describe("Counted now; lapsed holds count as free."),
    current_offer: z
      .object({
        channel: z.enum(CHANNELS),
        move_in_date: date(),
        monthly_rate_cents: z.number().int(),
        promotion: ZPromotionRef.nullable(),
        due_at_move_in_cents: z.number().int(),
        monthly_after_cents: z
          .number()
          .int()
          .describe("Regular monthly charge once promotions end (rent, protection, tax)."),
      })
      .describe("Today's web price from the pricing engine, best eligible promotion applied."),
    created_at: time(),
    updated_at: time(),
  })
  .meta({ id: "UnitType" });

export const ZUnit = z
  .object({
    id: id(),
    facility_id: id(),
    unit_type_id: id(),
    number: z.string(),
    status: z.enum(UNIT_STATUSES),
    floor: z.number().int().nullable(),
    created_at: time(),
    updated_at: time(),
  })
  .meta({ id: "Unit" });

export const ZCustomer = z
  .object({
    id: id(),
    name: z.string(),
    phone: z.string().nullable().describe("E.164, e.g. +15105550123."),
    email: z.string().nullable(),
    notes: z.string().nullable(),
    created_at: time(),
    updated_at: time(),
  })
  .meta({ id: "Customer" });

export const ZLead = z
  .object({
    id: id(),
    status: z.enum(LEAD_STATUSES),
    source: z.enum(LEAD_SOURCES),
    customer_id: id(),
    name: z.string(),
    phone: z.string().nullable().describe("E.164."),
    email: z.string().nullable(),
    facility_id: id().nullable(),
    lost_reason: z.string().nullable(),
    desired_width: z.number().int().nullable(),
    desired_length: z.number().int().nullable(),
    desired_unit_type_id: id().nullable(),
    desired_move_in_date: date().nullable(),
    notes: z.string().nullable(),
    next_follow_up_at: time().nullable(),
    score: z.number().int(),
    created_at: time(),
    updated_at: time(),
  })
  .meta({ id: "Lead" });

export const ZReservation = z
  .object({
    id: id(),
    status: z.enum(RESERVATION_STATUSES),
    confirmation_code: z.string(),
    facility_id: id(),
    unit_type: z.object({
      id: id(),
      name: z.string(),
      width: z.number().int(),
      length: z.number().int(),
      features: z.array(z.enum(UNIT_FEATURES)),
    }),
    unit_id: id(),
    unit_number: z.string(),
    move_in_date: date(),
    monthly_rate_cents: z.number().int().describe("The quoted rate before promotions."),
    promotion: ZPromotionRef.nullable(),
    due_at_move_in_cents: z.number().int().nullable(),
    hold_expires_at: time(),
    channel: z.enum(CHANNELS),
    customer: z.object({
      id: id(),
      name: z.string(),
      phone: z.string().nullable().describe("E.164."),
      email: z.string().nullable(),
    }),
    lead_id: id().nullable(),
    cancelled_reason: z.string().nullable(),
    created_at: time(),
    updated_at: time(),
  })
  .meta({ id: "Reservation" });

/**
 * Calls and conversations: a phone call, an SMS thread or a web chat with the agent, and its
 * transcript. The same JSON is the `data` of the call.completed webhook. Transcripts never carry a
 * card number (redacted when stored) or a gate code (removed when served: integrators are not staff).
 */
export const ZTranscriptTurn = z
  .object({
    role: z.enum(MESSAGE_ROLES).describe("caller: the customer; agent: the AI agent; staff: a team member."),
    text: z.string(),
    at: time(),
    interrupted: z.boolean().describe("Voice: the caller talked over this reply; text holds what they heard."),
  })
  .meta({ id: "TranscriptTurn" });

export const ZConversation = z
  .object({
    id: id(),
    channel: z.enum(PUBLIC_CHANNELS),
    direction: z.enum(["inbound", "outbound"]),
    from: z.string().nullable().describe("The customer's address: E.164 for voice and SMS, null for web chat."),
    to: z.string().nullable().describe("Our number (E.164) for voice and SMS."),
    facility_id: id().nullable(),
    customer_id: id().nullable(),
    lead_id: id().nullable(),
    reservation_id: id().nullable(),
    status: z.enum(["active", "ended"]),
    provider_status: z
      .string()
      .nullable()
      .describe("Voice: Twilio's final CallStatus, e.g. completed, no-answer, busy."),
    handler: z
      .enum(["agent", "staff"])
      .describe("Who has the conversation now: the agent, or a team member who took it over."),
    outcome: z.enum(CONVERSATION_OUTCOMES).nullable(),
    summary: z.string().nullable(),
    language: z.string().describe("en or es."),
    started_at: time(),
    ended_at: time().nullable(),
    duration_seconds: z.number().int().nullable(),
    turn_count: z.number().int().describe("Customer turns answered by the agent."),
    transcript: z.array(ZTranscriptTurn).describe("In order."),
    created_at: time(),
    updated_at: time(),
  })
  .meta({ id: "Conversation", description: "A phone call, an SMS thread or a web chat, with its transcript." });

export const ZMessage = z
  .object({
    id: id(),
    conversation_id: id(),
    channel: z.enum(["sms", "chat"]),
    direction: z.enum(["inbound", "outbound"]).describe("inbound: from the customer; outbound: our reply."),
    role: z.enum(MESSAGE_ROLES),
    from: z.string().nullable().describe("E.164 for SMS; null for web chat."),
    to: z.string().nullable(),
    text: z.string(),
    created_at: time(),
  })
  .meta({ id: "Message", description: "One text of an SMS thread or a web chat." });
