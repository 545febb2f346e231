import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

/**
 * E.164 ("+15125550123") or null when the text is not a valid number. National numbers are read as
 * `defaultCountry` (US by default: our operators are US facilities).
 */
export function toE164(raw: string, defaultCountry: CountryCode = "US"): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return parsed && parsed.isValid() ? parsed.number : null;
}

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}
