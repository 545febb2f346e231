import { handlePusherAuth } from "@/server/realtime/pusher-auth";

/** pusher-js private-channel authorisation (src/server/realtime/pusher-auth.ts). */
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handlePusherAuth(req);
}
