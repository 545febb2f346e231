import { z } from "zod";

import { patchOf } from "@/lib/zod-patch";
import { BILLING_MODES, WEEKDAYS } from "@/server/db/schema";
import { toE164 } from "@/lib/normalize-phone";

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
// Strict: a misspelt key ("opens") is an error, not an hours range silently read as something else.
const ZTimeRange = z
  .strictObject({ open: z.string().regex(HHMM, "Use HH:MM."), close: z.string().regex(HHMM, "Use HH:MM.") })
  .refine((r) => r.open < r.close, { message: "Opening time must be before closing time." });
/** A day's ranges: at most four, none overlapping another (09:00-13:00 and 12:00-17:00 is a mistake). */
const ZDayRanges = z
  .array(ZTimeRange)
  .max(4)
  .refine(
    (ranges) => {
      const sorted = [...ranges].sort((a, b) => (a.open < b.open ? -1 : 1));
      return sorted.every((r, i) => i === 0 || r.open >= sorted[i - 1]!.close);
    },
    { message: "A day's time ranges overlap." },
  );
export const ZWeeklyHours = z.partialRecord(z.enum(WEEKDAYS), ZDayRanges);

export const ZTimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return tz.includes("/") || tz === "UTC";
    } catch {
      return false;
    }
  },
  { message: "Use an IANA time zone such as America/Chicago." },
);

export const ZPhone = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const e164 = toE164(v);
    if (!e164) ctx.addIssue({ code: "custom", message: "Not a valid phone number." });
    return e164 ?? v;
  });

export const ZSlug = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, digits and dashes.");
const cents = z.number().int().min(0).max(100_000_000);

/** Everything an operator sets on a facility. Used by the routers, the agent tools and the importer. */
export const ZFacilityInput = z.object({
  name: z.string().trim().min(2).max(120),
  slug: ZSlug,
  addressLine1: z.string().trim().max(200).default(""),
  addressLine2: z.string().trim().max(200).nullish(),
  city: z.string().trim().max(100).default(""),
  state: z.string().trim().max(100).default(""),
  postalCode: z.string().trim().max(20).default(""),
  country: z.string().trim().length(2).default("US"),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
  timeZone: ZTimeZone.default("America/New_York"),
  phone: ZPhone.nullish(),
  transferPhone: ZPhone.nullish(),
  officeHours: ZWeeklyHours.default({}),
  accessHours: ZWeeklyHours.default({}),
  amenities: z.array(z.string().trim().min(1).max(80)).max(50).default([]),
  directions: z.string().trim().max(4000).nullish(),
  holdPeriodDays: z.number().int().min(0).max(90).default(7),
  /** Tenants may move in with nobody at the office (contactless or online move-in). */
  moveInWithoutStaff: z.boolean().default(false),
  billingMode: z.enum(BILLING_MODES).default("first_of_month"),
  adminFeeCents: cents.default(0),
  depositCents: cents.default(0),
  taxRateBps: z.number().int().min(0).max(10_000).default(0),
  active: z.boolean().default(true),
});
export type FacilityInput = z.input<typeof ZFacilityInput>;
/** Changes only the fields it names (no defaults: see patchOf). */
export const ZFacilityPatch = patchOf(ZFacilityInput);
export type FacilityPatch = z.input<typeof ZFacilityPatch>;
