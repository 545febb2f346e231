import { organizationChannel, pusherPublicConfig } from "@/server/integrations/pusher";

import { realtimeTransport } from "./publish";

/**
 * How a dashboard browser listens for the organization's live events: Pusher when the server is
 * configured for it (public key and cluster, the organization's private channel), else our SSE
 * stream. The dashboard layout renders it into the page (so a page opens its stream at once,
 * without asking first); tRPC's calls.realtime returns the same for other clients.
 */
export type RealtimeClientConfig =
  | {
      transport: "pusher";
      key: string;
      cluster: string;
      wsHost: string | null;
      wsPort: number | null;
      forceTLS: boolean;
      channel: string;
      authEndpoint: string;
    }
  | { transport: "sse"; url: string };

export function realtimeClientConfig(organizationId: string): RealtimeClientConfig {
  const pusher = realtimeTransport() === "pusher" ? pusherPublicConfig() : null;
  if (pusher)
    return {
      transport: "pusher",
      ...pusher,
      channel: organizationChannel(organizationId),
      authEndpoint: "/api/realtime/pusher-auth",
    };
  return { transport: "sse", url: "/api/realtime/stream" };
}
