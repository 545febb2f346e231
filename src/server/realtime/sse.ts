import "server-only";

import { sessionRoute } from "@/server/http/session-route";
import { log } from "@/server/log";

import type { RealtimeEvent } from "./events";
import { subscribe } from "./hub";

/**
 * GET /api/realtime/stream: Server-Sent Events of the viewer's active organization, fed by this
 * process's LISTEN connection (hub.ts), so events published by any app process arrive here.
 * A comment line every 15 s keeps proxies from closing an idle stream; the first line is `ready`,
 * sent once LISTEN is in place, so a client knows it will not miss events published after it.
 */
const HEARTBEAT_MS = 15_000;

export const handleRealtimeStream = sessionRoute("realtime stream", async (req, viewer) => {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const write = (chunk: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close();
        }
      };
      const unsubscribe = await subscribe(viewer.organizationId, (event: RealtimeEvent) =>
        write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
      );
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      cleanup = close;
      req.signal.addEventListener("abort", close);
      write(`retry: 2000\nevent: ready\ndata: {}\n\n`);
    },
    cancel() {
      cleanup();
    },
  });
  log.debug({ organizationId: viewer.organizationId }, "realtime stream opened");
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
