import { handleGather } from "@/server/channels/voice/gather";

/** The <Gather> action: one agent turn per result. See src/server/channels/voice/gather.ts and docs/twilio.md. */
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handleGather(req);
}
