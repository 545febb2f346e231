/**
 * The scenario file format (documented in docs/agent.md, "## Evaluation"). A file under
 * evals/scenarios/ holds either one scenario or `{ defaults, scenarios: [...] }`; defaults are merged
 * into every scenario of the file (caller and expect shallowly). Unknown keys are errors, so a typo
 * never silently weakens a check.
 */
import { z } from "zod";

const isoDate = z.iso.date();
const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, "HH:MM, 24 h");
const e164 = z.string().regex(/^\+\d{8,15}$/, "an E.164 phone number like +15125550142");
/** "facility-slug/unit type name", as in the import format. */
const unitTypeRef = z.string().regex(/^[a-z0-9-]+\/.+$/, '"facility-slug/unit type name"');

export const ENDS = ["goodbye", "transfer", "message_taken", "emergency_transfer"] as const;
export const EXPECTING_KEYS = [
  "size",
  "facility",
  "move_in_date",
  "name",
  "phone",
  "email",
  "confirm",
  "verification",
  "message",
  "anything_else",
] as const;
export const OFFERS = ["reserve", "transfer", "message", "pay_link", "directions"] as const;
export const TOOL_NAMES = [
  "search_availability",
  "get_quote",
  "create_reservation",
  "cancel_reservation",
  "capture_lead",
  "facility_info",
  "verify_caller",
  "get_account",
  "transfer_to_person",
  "take_message",
  "send_link_sms",
] as const;

/** One fact a reply states (judged on every agent reply of the conversation, written and spoken forms). */
const FactLeaf = z
  .object({
    /** A price in cents: "$159", "$159.00", "159 dollars", "one hundred fifty-nine dollars". */
    price: z.number().int().nonnegative().optional(),
    /** A clock time: "09:00" matches "9 AM", "9:00 am", "9 de la mañana", "09:00". */
    time: hhmm.optional(),
    /** A calendar date: "June 12", "June 12th", "12 de junio", "2026-06-12". */
    date: isoDate.optional(),
    /** A phone number, in any grouping or spoken digit by digit. */
    phone: e164.optional(),
    /** A digit string (codes), written or spoken digit by digit, not part of a longer number. */
    digits: z
      .string()
      .regex(/^\d{3,19}$/)
      .optional(),
    /** Case- and accent-insensitive substring. */
    text: z.string().min(1).optional(),
    /** Regular expression, case-insensitive. */
    pattern: z.string().min(1).optional(),
  })
  .strict()
  .refine((f) => Object.values(f).filter((v) => v !== undefined).length === 1, {
    message: "a fact has exactly one of price, time, date, phone, digits, text, pattern",
  });
export const ZFact = z.union([FactLeaf, z.object({ anyOf: z.array(FactLeaf).min(1) }).strict()]);
export type Fact = z.output<typeof ZFact>;

const ZToolCheck = z.union([
  z.enum(TOOL_NAMES),
  z
    .object({
      name: z.enum(TOOL_NAMES),
      ok: z.boolean().optional(),
      args: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);
export type ToolCheck = z.output<typeof ZToolCheck>;

const ZSeedReservation = z
  .object({
    unitType: unitTypeRef,
    moveInDate: isoDate,
    /** The confirmation code the caller knows (6 characters of A-Z minus I/L/O, 2-9). */
    code: z.string().regex(/^[A-HJKMNP-Z2-9]{6}$/),
    status: z.enum(["active", "cancelled", "expired"]).default("active"),
  })
  .strict();
const ZSeedRental = z
  .object({
    unitType: unitTypeRef,
    startDate: isoDate.optional(),
    balanceCents: z.number().int().nonnegative().default(0),
    gateCode: z.string().regex(/^\d{4,8}$/),
  })
  .strict();
const ZSeedCustomer = z
  .object({
    name: z.string().min(1),
    phone: e164.optional(),
    email: z.email().optional(),
    reservations: z.array(ZSeedReservation).default([]),
    rentals: z.array(ZSeedRental).default([]),
  })
  .strict();

const ZCaller = z
  .object({
    name: z.string().min(1).optional(),
    /** The caller's own number. */
    phone: e164.optional(),
    /** The number the call or text comes from; defaults to `phone` on voice and SMS; chat has none. `false`: withheld. */
    callerId: z.union([e164, z.literal(false)]).optional(),
    /** null: the caller declines to give one. */
    email: z.email().nullable().optional(),
    size: z
      .string()
      .regex(/^\d{1,2}x\d{1,2}$/)
      .optional(),
    /** What the caller stores, said when asked for a size ("a two bedroom apartment"). */
    storing: z.string().optional(),
    /** The facility the caller wants (slug); answered by its name when asked. */
    facility: z.string().optional(),
    /** The move-in date as the caller says it ("next friday", "june twelfth"). */
    moveIn: z.string().optional(),
    /** A confirmation code the caller reads out when asked to verify. */
    code: z.string().optional(),
    /** The message the caller leaves. */
    message: z.string().optional(),
    /** Offers the caller says yes to; any other offer gets the caller's next topic or a "no". */
    accepts: z.array(z.enum(OFFERS)).default([]),
    language: z.enum(["en", "es"]).default("en"),
    /** Start answers with "um", "uh", "so" (deterministically) like a speech recogniser hears them. */
    fillers: z.boolean().default(true),
  })
  .strict();
export type CallerFacts = z.output<typeof ZCaller>;

const ZReservationMatch = z
  .object({
    facility: z.string().optional(),
    unitType: z.string().optional(),
    moveInDate: isoDate.optional(),
    status: z.enum(["active", "cancelled", "expired", "converted"]).optional(),
    name: z.string().optional(),
    phone: e164.optional(),
    /** null: no e-mail on the customer. */
    email: z.string().nullable().optional(),
    rateCents: z.number().int().optional(),
    channel: z.enum(["phone", "sms", "chat", "web", "walk_in"]).optional(),
  })
  .strict();
const ZLeadMatch = z
  .object({
    name: z.string().optional(),
    phone: e164.optional(),
    email: z.string().nullable().optional(),
    source: z.enum(["call", "sms", "chat", "web", "walk_in"]).optional(),
    status: z.enum(["new", "contacted", "quoted", "reserved", "moved_in", "lost"]).optional(),
    facility: z.string().optional(),
    /** Case-insensitive substring of the lead's notes (a message taken). */
    notes: z.string().optional(),
    urgent: z.boolean().optional(),
    desiredSize: z
      .string()
      .regex(/^\d{1,2}x\d{1,2}$/)
      .optional(),
  })
  .strict();

const ZTaskMatch = z
  .object({
    kind: z.enum(["message", "callback", "escalation", "failed_transfer", "follow_up", "other"]).optional(),
    name: z.string().nullable().optional(),
    phone: e164.optional(),
    email: z.string().optional(),
    /** Case-insensitive substring of the task's body (the caller's words). */
    body: z.string().optional(),
    urgent: z.boolean().optional(),
  })
  .strict();

const ZExpect = z
  .object({
    /** Reservations made during the conversation (seeded ones excluded). */
    reservations: z
      .object({
        count: z.number().int().nonnegative().optional(),
        match: z.array(ZReservationMatch).default([]),
        /** Every new reservation's confirmation code was told to the caller. */
        codeSaid: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** Seeded reservations by confirmation code, e.g. cancelled by the caller or untouched. */
    seeded: z
      .array(z.object({ code: z.string(), status: z.enum(["active", "cancelled", "expired", "converted"]) }).strict())
      .default([]),
    /** Leads created or updated during the conversation (seeded customers' leads excluded). */
    leads: z
      .object({ count: z.number().int().nonnegative().optional(), match: z.array(ZLeadMatch).default([]) })
      .strict()
      .optional(),
    /** Tasks for the office (messages, call-backs) created during the conversation. */
    tasks: z
      .object({ count: z.number().int().nonnegative().optional(), match: z.array(ZTaskMatch).default([]) })
      .strict()
      .optional(),
    /**
     * The "no caller lost" invariant (checked unless false): a reachable caller who was quoted has a
     * lead or a reservation, and one who was leaving a message has a task, when the conversation ends.
     */
    noCallerLost: z.boolean().default(true),
    /** How the conversation ended: an end reason of some turn, or "none" (no transfer, message or goodbye by the agent). */
    end: z.union([z.enum(ENDS), z.literal("none")]).optional(),
    transferTo: e164.optional(),
    outcome: z.enum(["reservation", "lead", "question_answered", "transfer", "message", "abandoned"]).optional(),
    language: z.enum(["en", "es"]).optional(),
    tools: z
      .object({ called: z.array(ZToolCheck).default([]), notCalled: z.array(ZToolCheck).default([]) })
      .strict()
      .optional(),
    /** Texts sent to the caller (SMS outbox): how many, and words one of them must contain. */
    texts: z
      .object({ count: z.number().int().nonnegative().optional(), contains: z.array(z.string()).default([]) })
      .strict()
      .optional(),
    says: z.array(ZFact).default([]),
    neverSays: z.array(ZFact).default([]),
    /** The seeded gate codes: read out to the caller, or never. */
    gateCode: z.enum(["disclosed", "withheld"]).optional(),
  })
  .strict();
export type Expectations = z.output<typeof ZExpect>;

const answerValue = z.union([z.string(), z.array(z.string()).min(1)]);

export const ZScenario = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case id with dashes"),
    title: z.string().min(1),
    /** Flow tags, e.g. [reservation, voice]; the runner can filter by them. */
    tags: z.array(z.string()).default([]),
    /** A file under evals/fixtures/ in the import JSON format (docs/import-format.md). */
    fixture: z.string().regex(/^[\w-]+\.json$/),
    /** The instant the conversation happens (ISO with zone), so office hours, "tomorrow" and closures are deterministic. */
    clock: z.iso.datetime({ offset: true }),
    channel: z.enum(["voice", "sms", "chat", "playground"]).default("voice"),
    /** The facility whose number was called or whose chat widget was used (slug); omitted or null: the organization's. */
    facility: z.string().nullable().optional(),
    seed: z
      .object({
        /** Unit types whose every unit is unavailable (sold out). */
        soldOut: z.array(unitTypeRef).default([]),
        customers: z.array(ZSeedCustomer).default([]),
      })
      .strict()
      .default({ soldOut: [], customers: [] }),
    caller: ZCaller.default({ accepts: [], language: "en", fillers: true }),
    /** What the caller brings up, in order: the first is the opening; the rest when the agent asks nothing. */
    says: z.array(z.string()).min(1),
    /** Play `says` literally, one per turn, whatever the agent asks (answers are not used). */
    strict: z.boolean().default(false),
    /**
     * Answers by what the agent is expecting ("name", "verification:phone_or_code", "offer:reserve", ...).
     * A list is answered in order, then its last entry repeats. Missing keys are answered from the caller facts.
     */
    answers: z.record(z.string(), answerValue).default({}),
    maxTurns: z.number().int().min(1).max(40).default(16),
    expect: ZExpect,
  })
  .strict();
export type Scenario = z.output<typeof ZScenario>;
export type ScenarioInput = z.input<typeof ZScenario>;

export const ZScenarioFile = z.union([
  z
    .object({
      defaults: z.record(z.string(), z.unknown()).default({}),
      scenarios: z.array(z.record(z.string(), z.unknown())).min(1),
    })
    .strict(),
  z.record(z.string(), z.unknown()),
]);
