import "server-only";

import { authorizePusherChannel, organizationChannel, pusherConfig } from "@/server/integrations/pusher";

import { sessionViewer } from "@/server/auth/viewer";

/**
 * pusher-js's authEndpoint for private channels: a member may subscribe to their active
 * organization's channel and to no other.
 */
export async function handlePusherAuth(req: Request): Promise<Response> {
  if (!pusherConfig()) return new Response("Pusher is not configured", { status: 404 });
  const viewer = await sessionViewer(req.headers);
  if (!viewer) return new Response("Unauthorized", { status: 401 });
  const form = new URLSearchParams(await req.text());
  const socketId = form.get("socket_id") ?? "";
  const channel = form.get("channel_name") ?? "";
  if (!/^\d+\.\d+$/.test(socketId)) return new Response("Bad socket_id", { status: 400 });
  if (channel !== organizationChannel(viewer.organizationId)) return new Response("Forbidden", { status: 403 });
  return Response.json(authorizePusherChannel(socketId, channel));
}
