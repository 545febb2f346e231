import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";

import { adminProcedure, createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { smsMessage, VOICE_MODES } from "@/server/db/schema";
import {
  assignPhoneNumber,
  attachPhoneNumber,
  buyPhoneNumber,
  getTelephonySettings,
  listPhoneNumbers,
  refreshNumberWebhooks,
  releasePhoneNumber,
  searchNumbers,
  updateTelephonySettings,
} from "@/server/telephony/numbers";

/** Phone numbers: every member can see them; admins and owners buy, attach, assign and release. */
export const ZSearchNumbers = z.object({
  areaCode: z.coerce.number().int().min(200, "Enter a 3-digit area code.").max(999, "Enter a 3-digit area code."),
});
const ZPhone = z.string().trim().min(3, "Enter a phone number.").max(32);
const ZFacilityId = z.uuid().nullable().optional();
const ZFriendlyName = z.string().trim().max(64).optional();
export const ZBuyNumber = z.object({ phoneNumber: ZPhone, facilityId: ZFacilityId, friendlyName: ZFriendlyName });
export const ZAttachNumber = ZBuyNumber;
export const ZPhoneNumberId = z.object({ phoneNumberId: z.uuid() });
export const ZAssignNumber = z.object({
  phoneNumberId: z.uuid(),
  facilityId: z.uuid().nullable(),
  voiceMode: z.enum(VOICE_MODES).nullable().optional(),
  friendlyName: ZFriendlyName,
});
export const ZTelephonySettings = z.object({
  voiceMode: z.enum(VOICE_MODES),
  supportContact: z
    .string()
    .trim()
    .max(120)
    .nullable()
    .transform((v) => (v ? v : null)),
});

export const phoneNumbersRouter = createTRPCRouter({
  list: orgProcedure.query(({ ctx }) => listPhoneNumbers(ctx.organizationId)),

  settings: orgProcedure.query(({ ctx }) => getTelephonySettings(ctx.organizationId)),

  updateSettings: adminProcedure
    .input(ZTelephonySettings)
    .mutation(({ ctx, input }) =>
      updateTelephonySettings({ organizationId: ctx.organizationId, actor: ctx.actor, ...input }),
    ),

  searchAvailable: adminProcedure.input(ZSearchNumbers).query(({ input }) => searchNumbers(input.areaCode)),

  buy: adminProcedure
    .input(ZBuyNumber)
    .mutation(({ ctx, input }) => buyPhoneNumber({ organizationId: ctx.organizationId, actor: ctx.actor, ...input })),

  attach: adminProcedure
    .input(ZAttachNumber)
    .mutation(({ ctx, input }) =>
      attachPhoneNumber({ organizationId: ctx.organizationId, actor: ctx.actor, ...input }),
    ),

  assign: adminProcedure
    .input(ZAssignNumber)
    .mutation(({ ctx, input }) =>
      assignPhoneNumber({ organizationId: ctx.organizationId, actor: ctx.actor, ...input }),
    ),

  refreshWebhooks: adminProcedure
    .input(ZPhoneNumberId)
    .mutation(({ ctx, input }) =>
      refreshNumberWebhooks({ organizationId: ctx.organizationId, actor: ctx.actor, ...input }),
    ),

  release: adminProcedure
    .input(ZPhoneNumberId)
    .mutation(({ ctx, input }) =>
      releasePhoneNumber({ organizationId: ctx.organizationId, actor: ctx.actor, ...input }),
    ),

  /** Texts that were not sent because Twilio is not configured: the outbox is their delivery. */
  smsOutbox: orgProcedure.query(({ ctx }) =>
    ctx.tenant((tx) =>
      tx
        .select({
          id: smsMessage.id,
          from: smsMessage.from,
          to: smsMessage.to,
          body: smsMessage.body,
          createdAt: smsMessage.createdAt,
        })
        .from(smsMessage)
        .where(and(eq(smsMessage.organizationId, ctx.organizationId), eq(smsMessage.status, "outbox")))
        .orderBy(desc(smsMessage.createdAt))
        .limit(100),
    ),
  ),
});
