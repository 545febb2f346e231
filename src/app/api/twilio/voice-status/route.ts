import { handleCallStatus } from "@/server/channels/voice/call-status";

/** The number's call status callback. See src/server/channels/voice/call-status.ts and docs/twilio.md. */
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleCallStatus(req);
}
