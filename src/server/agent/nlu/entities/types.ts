/** Typed entities found in a caller's utterance. Offsets (`start`/`end`, end exclusive) index the original text. */

export type SizeHint =
  | "locker"
  | "closet"
  | "small"
  | "medium"
  | "large"
  | "extra_large"
  | "dorm"
  | "studio"
  | "one_bedroom"
  | "two_bedroom"
  | "three_bedroom"
  | "four_bedroom"
  | "house"
  | "garage"
  | "office"
  | "car"
  | "truck"
  | "motorcycle"
  | "jet_ski"
  | "boat"
  | "rv";

export type UnitFeature =
  | "climate_controlled"
  | "drive_up"
  | "indoor"
  | "outdoor"
  | "ground_floor"
  | "elevator"
  | "power"
  | "vehicle_parking"
  | "rv_parking"
  | "alarm"
  | "access_24h";

export type Language = "en" | "es";

type Span = { start: number; end: number; text: string };

export type Entity = Span &
  (
    | { type: "unit_size"; width: number; length: number }
    | { type: "size_hint"; hint: SizeHint }
    /** How many units the caller wants, said with a size or "units" ("two 5x10s", "a couple of units"); 2 or more. */
    | { type: "quantity"; count: number }
    /**
     * ISO calendar date (YYYY-MM-DD) in the facility's time zone. `monthOnly`: a month of a named
     * year and no day ("december 2028", "next year in december"), given as the month's first day.
     */
    | { type: "date"; date: string; monthOnly?: true }
    /** Clock time "HH:MM" (24 h), in the facility's time zone. */
    | { type: "time"; time: string }
    | { type: "name"; name: string }
    /** E.164, e.g. +15105550123. */
    | { type: "phone"; e164: string }
    | { type: "email"; email: string }
    | { type: "yes_no"; value: boolean }
    /** Upper-case unit label, e.g. "A101". */
    | { type: "unit_number"; unit: string }
    | { type: "feature"; feature: UnitFeature; negated: boolean }
    | { type: "facility"; facilityId: string; name: string; score: number }
    | { type: "language"; language: Language }
    /** A payment card number was read out: never store or echo it; see redactCardNumbers. */
    | { type: "card_number"; last4: string; luhnValid: boolean }
  );

export type EntityType = Entity["type"];

export type FacilityCandidate = {
  id: string;
  name: string;
  /** Other words callers use: neighbourhood, street, "downtown". */
  aliases?: readonly string[];
  city?: string;
};

export type ExtractContext = {
  /** Reference instant for relative dates. */
  now: Date;
  /** IANA zone of the facility, e.g. "America/Los_Angeles"; relative dates are resolved there. */
  timeZone: string;
  /** Facilities the caller may mean (for "the downtown one"). */
  facilities?: readonly FacilityCandidate[];
  /** What the agent just asked for: lets a bare answer ("john smith", "the 15th") count. */
  expecting?: "name" | "phone" | "email" | "date" | "size" | "unit_number" | "facility" | "yes_no";
  /** A month the caller named for moving in without its day ("YYYY-MM"): a bare "the 5th" is in it. */
  month?: string;
  /** Default region for phone numbers without a country code. */
  defaultCountry?: "US" | "CA";
};
