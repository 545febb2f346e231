"use client";

import { useEffect, useMemo, useRef, useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import type { RealtimeEvent } from "@/server/realtime/events";

const EVENT_TYPES: RealtimeEvent["type"][] = [
  "conversation.started",
  "conversation.updated",
  "conversation.ended",
  "message.created",
];

export type RealtimeStatus = "connecting" | "live" | "offline";

/**
 * Live events of the active organization: Server-Sent Events from /api/realtime/stream by default,
 * Pusher (pusher-js on the organization's private channel) when the server is configured for it.
 * Events carry ids only; the caller refetches what it shows.
 *
 * `onOpen` runs each time the connection becomes live, the first time and after every reconnect:
 * events published while it was connecting or down are never replayed, so a page that fetched its
 * data before then (a call placed while the page connects) must fetch again to catch up.
 */
export function useRealtime(
  onEvent: (event: RealtimeEvent) => void,
  options: { onOpen?: () => void } = {},
): RealtimeStatus {
  // Rendered with the page by the dashboard layout: the stream opens on mount, with no request first.
  const rendered = useOrg().realtime;
  // By value: a refreshed layout hands over an equal object, which must not reopen the stream.
  const key = JSON.stringify(rendered);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by value (above)
  const cfg = useMemo(() => rendered, [key]);
  const handler = useRef(onEvent);
  const opened = useRef(options.onOpen);
  useEffect(() => {
    handler.current = onEvent;
    opened.current = options.onOpen;
  });
  const [status, setStatus] = useState<RealtimeStatus>("connecting");

  useEffect(() => {
    const deliver = (raw: string) => {
      try {
        handler.current(JSON.parse(raw) as RealtimeEvent);
      } catch {
        // not ours
      }
    };
    if (cfg.transport === "sse") {
      const source = new EventSource(cfg.url);
      // The server's first line on every connection, so also after EventSource reconnects by itself.
      source.addEventListener("ready", () => {
        setStatus("live");
        opened.current?.();
      });
      source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
      for (const type of EVENT_TYPES) source.addEventListener(type, (e) => deliver((e as MessageEvent<string>).data));
      return () => source.close();
    }
    let stop = () => {};
    let cancelled = false;
    void import("pusher-js").then(({ default: Pusher }) => {
      if (cancelled) return;
      const pusher = new Pusher(cfg.key, {
        cluster: cfg.cluster,
        ...(cfg.wsHost
          ? {
              wsHost: cfg.wsHost,
              wsPort: cfg.wsPort ?? 80,
              wssPort: cfg.wsPort ?? 443,
              enabledTransports: ["ws", "wss"] as ("ws" | "wss")[],
            }
          : {}),
        forceTLS: cfg.forceTLS,
        channelAuthorization: { endpoint: cfg.authEndpoint, transport: "ajax" },
      });
      pusher.connection.bind("state_change", ({ current }: { current: string }) =>
        setStatus(
          current === "connected"
            ? "live"
            : current === "unavailable" || current === "failed"
              ? "offline"
              : "connecting",
        ),
      );
      const channel = pusher.subscribe(cfg.channel);
      // pusher-js subscribes again after each reconnect and says so with this event.
      channel.bind("pusher:subscription_succeeded", () => opened.current?.());
      channel.bind_global((_name: string, data: unknown) => handler.current(data as RealtimeEvent));
      stop = () => pusher.disconnect();
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [cfg]);

  return status;
}

/** Calls `fn` at most once per `ms`, trailing, so a burst of events is one refetch. */
export function useThrottled(fn: () => void, ms = 150): () => void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  });
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  };
}
