import { handleSmsWebhook } from "@/server/channels/sms/sms-webhook";

/** Twilio's incoming-message webhook (each number's SmsUrl): src/server/channels/sms/sms-webhook.ts. */
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleSmsWebhook(req);
}
