import { z } from "zod";

import { verifyTwilioForm } from "@/server/telephony/webhook-auth";
import { ownerOfSentSms } from "@/server/telephony/webhook-owner";

import { recordSmsStatus } from "@/server/integrations/sms/status";

/** Twilio's status callback for a text we sent (StatusCallback, with our smsId in the query). */
const ZSmsStatus = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  MessageStatus: z.string().regex(/^[a-z_-]{2,32}$/),
  ErrorCode: z.string().max(16).optional(),
});

export async function handleSmsStatusWebhook(req: Request): Promise<Response> {
  const verified = await verifyTwilioForm(req, ownerOfSentSms);
  if (!verified.ok) return verified.response;
  const parsed = ZSmsStatus.safeParse(verified.params);
  if (!parsed.success) return new Response("Malformed status callback", { status: 400 });
  const smsId = new URL(verified.url).searchParams.get("smsId");
  await recordSmsStatus({
    smsId,
    messageSid: parsed.data.MessageSid,
    status: parsed.data.MessageStatus,
    errorCode: parsed.data.ErrorCode || null,
  });
  return new Response(null, { status: 204 });
}
