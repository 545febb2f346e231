import { handleRealtimeStream } from "@/server/realtime/sse";

/** Server-Sent Events of the active organization (src/server/realtime/sse.ts). */
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(req: Request) {
  return handleRealtimeStream(req);
}
