import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/**
 * E.164 ("+15125550123") or null when the text is not a valid number. National numbers are read as
 * `defaultCountry` (US by default: our operators are North American facilities).
 *
 * Parsing costs libphonenumber ~0.1 ms, and one agent booking normalises the same caller's number
 * several times (customer, lead, confirmation text), so recent answers are remembered (a bounded
 * map: the oldest entry goes first).
 */
const recent = new Map<string, string | null>();
const RECENT_MAX = 1_000;

export function toE164(raw: string, defaultCountry: CountryCode = "US"): string | null {
  const key = `${defaultCountry}${raw}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  const e164 = parsed && parsed.isValid() ? parsed.number : null;
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(key, e164);
  return e164;
}

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}
