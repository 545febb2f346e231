import { handleRelayAction } from "@/server/channels/voice/relay-action";

/** The <Connect action> of a ConversationRelay call. See src/server/channels/voice/relay-action.ts and docs/twilio.md. */
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleRelayAction(req);
}
