import { handleDialAction } from "@/server/channels/voice/dial-action";

/** The <Dial> action of a transfer. See src/server/channels/voice/dial-action.ts and docs/twilio.md. */
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleDialAction(req);
}
