import { z } from "zod";

import { LEAD_SOURCES, LEAD_STATUSES } from "@/server/db/schema";
import { coercedDate, isoDate } from "@/lib/zod-dates";

export const ZLeadDetails = z.object({
  facilityId: z.uuid().nullish(),
  desiredWidthFt: z.number().int().positive().max(500).nullish(),
  desiredLengthFt: z.number().int().positive().max(500).nullish(),
  desiredUnitTypeId: z.uuid().nullish(),
  desiredMoveInDate: isoDate().nullish(),
  ownerMemberId: z.string().min(1).nullish(),
  notes: z.string().trim().max(8000).nullish(),
  nextFollowUpAt: coercedDate().nullish(),
  score: z.number().int().min(0).max(100).optional(),
});

export const ZCaptureLead = ZLeadDetails.extend({
  source: z.enum(LEAD_SOURCES),
  name: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(40).nullish(),
  email: z.string().trim().max(254).nullish(),
});
export type CaptureLeadInput = z.input<typeof ZCaptureLead>;

export const ZLeadStatusChange = z
  .object({ leadId: z.uuid(), status: z.enum(LEAD_STATUSES), lostReason: z.string().trim().max(500).nullish() })
  .refine((v) => v.status !== "lost" || (v.lostReason && v.lostReason.length > 0), {
    message: "Say why the lead was lost.",
    path: ["lostReason"],
  });
export type LeadStatusChange = z.input<typeof ZLeadStatusChange>;
