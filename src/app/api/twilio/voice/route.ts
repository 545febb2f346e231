import { handleIncomingCall } from "@/server/channels/voice/incoming-call";

/** Twilio's incoming-call webhook (each number's VoiceUrl). See src/server/channels/voice/incoming-call.ts and docs/twilio.md. */
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleIncomingCall(req);
}
