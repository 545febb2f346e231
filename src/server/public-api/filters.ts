import { z } from "zod";

import { toE164 } from "@/lib/normalize-phone";

import { ApiProblem } from "@/server/http/problem";
import { isoDateTime } from "@/lib/zod-dates";

/** Query filters shared by list endpoints. */
export const updatedSince = isoDateTime().optional().describe("Only rows changed at or after this time (ISO 8601).");
export const facilityIdFilter = z.uuid().optional().describe("Only this facility's rows.");
export const phoneFilter = z
  .string()
  .max(40)
  .optional()
  .describe("A phone number in any common format; matched as E.164 (+15105550123).");

export function e164Filter(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const phone = toE164(raw);
  if (!phone)
    throw new ApiProblem("validation-error", `"${raw}" is not a valid phone number.`, {
      errors: [{ location: "query", path: "phone", message: "Not a valid phone number." }],
    });
  return phone;
}

export const sinceDate = (raw: string | undefined) => (raw ? new Date(raw) : undefined);

export const ZIdParams = z.object({ id: z.uuid() });
