import { parsePhoneNumberFromString } from "libphonenumber-js";

/**
 * A phone number in E.164 (+14155550123), or null when it is not a valid number. Numbers without a
 * country code are read as US numbers, since the operators we serve are in North America.
 */
export function toE164(input: string, defaultCountry: "US" | "CA" = "US"): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : null;
}
