import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

import { member } from "./auth";
import { organizationId } from "./platform";
import { tenantFk, tenantKey } from "./tenant-keys";

/**
 * Facilities, inventory, pricing inputs, customers, leads, reservations and rentals (issue 3).
 * Money is integer cents, rates of tax are basis points (1 bp = 0.01 %), times are UTC.
 */
const timestamps = () => ({
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export interface TimeRange {
  open: string; // "HH:MM" in the facility's time zone
  close: string;
}
/** Missing or empty day = closed. */
export type WeeklyHours = Partial<Record<Weekday, TimeRange[]>>;

export const BILLING_MODES = ["first_of_month", "anniversary"] as const;
export type BillingMode = (typeof BILLING_MODES)[number];

export const facility = pgTable(
  "facility",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    name: text().notNull(),
    slug: text().notNull(),
    addressLine1: text().notNull().default(""),
    addressLine2: text(),
    city: text().notNull().default(""),
    state: text().notNull().default(""),
    postalCode: text().notNull().default(""),
    country: text().notNull().default("US"),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    timeZone: text().notNull().default("America/New_York"),
    phone: text(),
    transferPhone: text(),
    officeHours: jsonb()
      .$type<WeeklyHours>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    accessHours: jsonb()
      .$type<WeeklyHours>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    amenities: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    directions: text(),
    holdPeriodDays: integer().notNull().default(7),
    /** Tenants may move in with nobody at the office (contactless, online move-in): no closed day is flagged. */
    moveInWithoutStaff: boolean().notNull().default(false),
    billingMode: text({ enum: BILLING_MODES }).notNull().default("first_of_month"),
    adminFeeCents: integer().notNull().default(0),
    depositCents: integer().notNull().default(0),
    taxRateBps: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [tenantKey("facility_org_id_key", t.organizationId, t.id), uniqueIndex().on(t.organizationId, t.slug)],
);

/** Dated closures (holidays) that override the weekly office and access hours. */
export const facilityClosure = pgTable(
  "facility_closure",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid().notNull(),
    date: date({ mode: "string" }).notNull(),
    reason: text().notNull().default(""),
    /** The reason in Spanish, said to Spanish callers; null: only the English one (said with a lead-in). */
    reasonEs: text(),
    ...timestamps(),
  },
  (t) => [
    tenantFk("facility_closure_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    uniqueIndex().on(t.facilityId, t.date),
    index().on(t.organizationId),
  ],
);

export const KB_KINDS = ["policy", "faq"] as const;

/** What the agent answers from: facilityId null means it applies to every facility of the org. */
export const knowledgeBaseEntry = pgTable(
  "knowledge_base_entry",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid(),
    kind: text({ enum: KB_KINDS }).notNull(),
    question: text().notNull(),
    answer: text().notNull(),
    /**
     * The Spanish version, optional: the answer said to Spanish callers (without it they hear the
     * English one after a short Spanish lead-in) and the question matched against their words.
     */
    questionEs: text(),
    answerEs: text(),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ...timestamps(),
  },
  (t) => [
    tenantFk("knowledge_base_entry_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    index().on(t.organizationId, t.facilityId),
  ],
);

export const UNIT_FEATURES = [
  "climate_controlled",
  "drive_up",
  "indoor",
  "ground_floor",
  "elevator",
  "power",
  "vehicle_parking",
  "rv_parking",
  "outdoor",
  "alarm",
] as const;
export type UnitFeature = (typeof UNIT_FEATURES)[number];

export const unitType = pgTable(
  "unit_type",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid().notNull(),
    name: text().notNull(),
    widthFt: integer().notNull(),
    lengthFt: integer().notNull(),
    heightFt: integer(),
    features: text()
      .array()
      .$type<UnitFeature[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    whatFits: text(),
    streetRateCents: integer().notNull(),
    webRateCents: integer().notNull(),
    active: boolean().notNull().default(true),
    /**
     * Units of this type whose status is 'available', kept by a trigger on `unit` (migration
     * unit_available_units_trigger) so searches across thousands of unit types skip a count.
     * Reserved units whose hold has lapsed are free too: searches add those with a probe.
     */
    availableUnits: integer().notNull().default(0),
    /**
     * Floor area, stored so searches can use an index on it: under row-level security an index on
     * the expression width × length is unusable (int4mul is not leakproof; int4eq is).
     */
    areaSqFt: integer().generatedAlwaysAs(sql`"width_ft" * "length_ft"`),
    /**
     * The features as bits (bit i = UNIT_FEATURES[i]), for the same reason: searches list the few
     * distinct (area, features) combinations with integer comparisons an index can serve, and never
     * read the unit types whose features do not match. Adding a feature regenerates the column.
     */
    featureBits: integer().generatedAlwaysAs(
      sql.raw(
        UNIT_FEATURES.map((f, i) => `(case when "features" @> '{${f}}'::text[] then ${2 ** i} else 0 end)`).join(" + "),
      ),
    ),
    ...timestamps(),
  },
  (t) => [
    tenantKey("unit_type_org_id_key", t.organizationId, t.id),
    tenantFk("unit_type_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    uniqueIndex().on(t.facilityId, t.name),
    index().on(t.organizationId, t.active, t.webRateCents),
    index().on(t.organizationId, t.facilityId),
    // Size searches across an organization's facilities.
    index().on(t.organizationId, t.widthFt, t.lengthFt),
    // Searches: one ordered probe per (area, features) combination, cheapest first per channel's rate.
    index("unit_type_search_web_rate").on(t.organizationId, t.areaSqFt, t.featureBits, t.webRateCents),
    index("unit_type_search_street_rate").on(t.organizationId, t.areaSqFt, t.featureBits, t.streetRateCents),
  ],
);

export const UNIT_STATUSES = ["available", "reserved", "occupied", "unavailable"] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const unit = pgTable(
  "unit",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid().notNull(),
    unitTypeId: uuid().notNull(),
    number: text().notNull(),
    status: text({ enum: UNIT_STATUSES }).notNull().default("available"),
    floor: integer(),
    ...timestamps(),
  },
  (t) => [
    tenantKey("unit_org_id_key", t.organizationId, t.id),
    tenantFk("unit_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    tenantFk("unit_unit_type_id_tenant_fk", t.organizationId, t.unitTypeId, unitType, "restrict"),
    uniqueIndex().on(t.facilityId, t.number),
    // Availability counts and the booking lock scan this index only.
    index().on(t.unitTypeId, t.status),
    index().on(t.organizationId, t.facilityId),
    // The header's search finds a unit by its number, typed in any case.
    index("unit_number_lower").on(t.organizationId, sql`lower(${t.number})`),
    // Only bookable-looking units: the search's "any free unit of this type?" probe stays tiny.
    index("unit_free_by_type")
      .on(t.unitTypeId)
      .where(sql`${t.status} in ('available', 'reserved')`),
    // Held units only: the search's probe for lapsed holds on sold-out types reads this, not every unit.
    index("unit_reserved_by_type")
      .on(t.unitTypeId)
      .where(sql`${t.status} = 'reserved'`),
  ],
);

export const unitStatusHistory = pgTable(
  "unit_status_history",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    unitId: uuid().notNull(),
    fromStatus: text({ enum: UNIT_STATUSES }),
    toStatus: text({ enum: UNIT_STATUSES }).notNull(),
    reason: text(),
    actorLabel: text().notNull(),
    ...timestamps(),
  },
  (t) => [
    tenantFk("unit_status_history_unit_id_tenant_fk", t.organizationId, t.unitId, unit, "cascade"),
    index().on(t.unitId, t.createdAt),
  ],
);

export const PROMOTION_KINDS = ["first_month_fixed", "percent_off", "amount_off", "free_months"] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];
export const CHANNELS = ["phone", "sms", "chat", "web", "walk_in"] as const;
export type Channel = (typeof CHANNELS)[number];

export const promotion = pgTable(
  "promotion",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    /** null: every facility of the organization. */
    facilityId: uuid(),
    name: text().notNull(),
    kind: text({ enum: PROMOTION_KINDS }).notNull(),
    /** cents for first_month_fixed / amount_off, basis points for percent_off, unused for free_months. */
    value: integer().notNull().default(0),
    months: integer().notNull().default(1),
    unitTypeIds: uuid()
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    startsOn: date({ mode: "string" }),
    endsOn: date({ mode: "string" }),
    channels: text()
      .array()
      .$type<Channel[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    tenantKey("promotion_org_id_key", t.organizationId, t.id),
    tenantFk("promotion_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    index().on(t.organizationId, t.facilityId),
    uniqueIndex().on(t.organizationId, t.name),
  ],
);

export const FEE_KINDS = ["admin", "other"] as const;

/** Extra one-time fees charged at move-in (the facility's admin fee lives on the facility). */
export const fee = pgTable(
  "fee",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid(),
    kind: text({ enum: FEE_KINDS }).notNull().default("other"),
    name: text().notNull(),
    amountCents: integer().notNull(),
    taxable: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    tenantFk("fee_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    index().on(t.organizationId, t.facilityId),
    uniqueIndex().on(t.organizationId, t.name),
  ],
);

export const protectionPlan = pgTable(
  "protection_plan",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid(),
    name: text().notNull(),
    coverageCents: integer().notNull(),
    monthlyCents: integer().notNull(),
    active: boolean().notNull().default(true),
    ...timestamps(),
  },
  (t) => [
    tenantKey("protection_plan_org_id_key", t.organizationId, t.id),
    tenantFk("protection_plan_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    index().on(t.organizationId, t.facilityId),
    uniqueIndex().on(t.organizationId, t.name),
  ],
);

export const customer = pgTable(
  "customer",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    name: text().notNull().default(""),
    phone: text(), // E.164
    email: text(), // lower-cased
    notes: text(),
    ...timestamps(),
  },
  (t) => [
    tenantKey("customer_org_id_key", t.organizationId, t.id),
    uniqueIndex()
      .on(t.organizationId, t.phone)
      .where(sql`${t.phone} is not null`),
    uniqueIndex()
      .on(t.organizationId, t.email)
      .where(sql`${t.email} is not null`),
    // The header's search (domain/search/find-anyone.ts): `%…%` on name, phone digits and e-mail.
    index("customer_name_trgm").using("gin", t.name.op("gin_trgm_ops")),
    index("customer_phone_trgm").using("gin", t.phone.op("gin_trgm_ops")),
    index("customer_email_trgm").using("gin", t.email.op("gin_trgm_ops")),
  ],
);

export const LEAD_SOURCES = ["call", "sms", "chat", "web", "walk_in"] as const;
export const LEAD_STATUSES = ["new", "contacted", "quoted", "reserved", "moved_in", "lost"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** One lead per person per organization: enforced by the unique customer id. */
export const lead = pgTable(
  "lead",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    customerId: uuid().notNull(),
    facilityId: uuid(),
    source: text({ enum: LEAD_SOURCES }).notNull(),
    status: text({ enum: LEAD_STATUSES }).notNull().default("new"),
    lostReason: text(),
    desiredWidthFt: integer(),
    desiredLengthFt: integer(),
    desiredUnitTypeId: uuid(),
    desiredMoveInDate: date({ mode: "string" }),
    ownerMemberId: text(),
    notes: text(),
    nextFollowUpAt: timestamp({ withTimezone: true }),
    score: integer().notNull().default(0),
    ...timestamps(),
  },
  (t) => [
    tenantKey("lead_org_id_key", t.organizationId, t.id),
    tenantFk("lead_customer_id_tenant_fk", t.organizationId, t.customerId, customer, "cascade"),
    tenantFk("lead_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "set null"),
    tenantFk("lead_desired_unit_type_id_tenant_fk", t.organizationId, t.desiredUnitTypeId, unitType, "set null"),
    tenantFk("lead_owner_member_id_tenant_fk", t.organizationId, t.ownerMemberId, member, "set null"),
    uniqueIndex().on(t.organizationId, t.customerId),
    index().on(t.organizationId, t.status, t.updatedAt),
    // The Leads board and list in their default order (follow-up due first, none last, then the most
    // recently changed; src/server/domain/leads/list-leads.ts): a column or the list is an index range.
    index("lead_board_order").on(
      t.organizationId,
      t.status,
      sql`coalesce(${t.nextFollowUpAt}, 'infinity'::timestamptz)`,
      t.updatedAt.desc(),
      t.id,
    ),
    index("lead_list_order").on(
      t.organizationId,
      sql`coalesce(${t.nextFollowUpAt}, 'infinity'::timestamptz)`,
      t.updatedAt.desc(),
      t.id,
    ),
    // Analytics: leads by the day they came in.
    index().on(t.organizationId, t.createdAt),
  ],
);

export const RESERVATION_STATUSES = ["active", "cancelled", "expired", "converted"] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export const reservation = pgTable(
  "reservation",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid().notNull(),
    unitTypeId: uuid().notNull(),
    unitId: uuid().notNull(),
    customerId: uuid().notNull(),
    leadId: uuid(),
    status: text({ enum: RESERVATION_STATUSES }).notNull().default("active"),
    moveInDate: date({ mode: "string" }).notNull(),
    quotedMonthlyRateCents: integer().notNull(),
    promotionId: uuid(),
    quote: jsonb().$type<Record<string, unknown>>().notNull(),
    confirmationCode: text().notNull(),
    holdExpiresAt: timestamp({ withTimezone: true }).notNull(),
    channel: text({ enum: CHANNELS }).notNull(),
    createdBy: text().notNull(),
    cancelledReason: text(),
    ...timestamps(),
  },
  (t) => [
    tenantKey("reservation_org_id_key", t.organizationId, t.id),
    tenantFk("reservation_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    tenantFk("reservation_unit_type_id_tenant_fk", t.organizationId, t.unitTypeId, unitType, "restrict"),
    tenantFk("reservation_unit_id_tenant_fk", t.organizationId, t.unitId, unit, "restrict"),
    tenantFk("reservation_customer_id_tenant_fk", t.organizationId, t.customerId, customer, "restrict"),
    tenantFk("reservation_lead_id_tenant_fk", t.organizationId, t.leadId, lead, "set null"),
    tenantFk("reservation_promotion_id_tenant_fk", t.organizationId, t.promotionId, promotion, "set null"),
    uniqueIndex().on(t.organizationId, t.confirmationCode),
    // The database's own guarantee against double booking: at most one active hold per unit.
    uniqueIndex("reservation_one_active_per_unit")
      .on(t.unitId)
      .where(sql`${t.status} = 'active'`),
    index().on(t.organizationId, t.status, t.holdExpiresAt),
    index().on(t.customerId),
    index()
      .on(t.leadId)
      .where(sql`${t.leadId} is not null`),
    index().on(t.organizationId, t.createdAt),
    // Bookings count each facility's reservations between its own local midnights (analytics).
    index().on(t.organizationId, t.facilityId, t.createdAt),
  ],
);

export const rental = pgTable(
  "rental",
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: organizationId(),
    facilityId: uuid().notNull(),
    unitId: uuid().notNull(),
    customerId: uuid().notNull(),
    reservationId: uuid(),
    startDate: date({ mode: "string" }).notNull(),
    monthlyRateCents: integer().notNull(),
    billingDay: integer().notNull(),
    protectionPlanId: uuid(),
    /** AES-256-GCM, base64url "iv.tag.ciphertext" (see auth/encryption.ts). */
    gateCodeEncrypted: text().notNull(),
    balanceCents: integer().notNull().default(0),
    movedOutAt: timestamp({ withTimezone: true }),
    ...timestamps(),
  },
  (t) => [
    tenantKey("rental_org_id_key", t.organizationId, t.id),
    tenantFk("rental_facility_id_tenant_fk", t.organizationId, t.facilityId, facility, "cascade"),
    tenantFk("rental_unit_id_tenant_fk", t.organizationId, t.unitId, unit, "restrict"),
    tenantFk("rental_customer_id_tenant_fk", t.organizationId, t.customerId, customer, "restrict"),
    tenantFk("rental_reservation_id_tenant_fk", t.organizationId, t.reservationId, reservation, "set null"),
    tenantFk("rental_protection_plan_id_tenant_fk", t.organizationId, t.protectionPlanId, protectionPlan, "set null"),
    // At most one current rental per unit.
    uniqueIndex("rental_one_current_per_unit")
      .on(t.unitId)
      .where(sql`${t.movedOutAt} is null`),
    index().on(t.organizationId, t.customerId),
    index()
      .on(t.reservationId)
      .where(sql`${t.reservationId} is not null`),
    // Move-ins and move-outs of a period or of the days a rollup rebuilds, found by index
    // (src/server/analytics/rollups.ts, lead-metrics.ts), never by scanning the rental history.
    index().on(t.organizationId, t.startDate),
    index()
      .on(t.organizationId, t.movedOutAt)
      .where(sql`${t.movedOutAt} is not null`),
    // Collections: the tenants who owe something (src/server/payments/collections), without scanning every rental.
    index("rental_owing")
      .on(t.organizationId, t.customerId)
      .where(sql`${t.balanceCents} > 0`),
  ],
);

// Payments and the ledger: ./payments.ts.
