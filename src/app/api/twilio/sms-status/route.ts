import { handleSmsStatusWebhook } from "@/server/channels/sms/status-webhook";

/** Delivery status of our outbound texts (the StatusCallback set on each message we send). */
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleSmsStatusWebhook(req);
}
