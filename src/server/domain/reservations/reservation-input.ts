import { z } from "zod";

import { CHANNELS } from "@/server/db/schema";
import { isoDate } from "@/lib/zod-dates";

export const ZCreateReservation = z
  .object({
    unitTypeId: z.uuid(),
    /** A specific unit; omitted: any free unit of the type. */
    unitId: z.uuid().optional(),
    customerId: z.uuid().optional(),
    customer: z
      .object({
        name: z.string().trim().max(200).optional(),
        phone: z.string().trim().max(40).nullish(),
        email: z.string().trim().max(254).nullish(),
      })
      .optional(),
    moveInDate: isoDate(),
    channel: z.enum(CHANNELS),
    protectionPlanId: z.uuid().nullish(),
    promotionId: z.uuid().nullish(),
  })
  .refine((v) => v.customerId || v.customer, {
    message: "Give a customerId or the customer's contact details.",
    path: ["customer"],
  });
export type CreateReservationInput = z.input<typeof ZCreateReservation>;
