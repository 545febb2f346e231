import "server-only";

import { readBoundedText } from "@/server/http/untrusted-input";
import { authorizePusherChannel, organizationChannel, pusherConfig } from "@/server/integrations/pusher";

import { ApiProblem } from "@/server/http/problem";
import { sessionRoute } from "@/server/http/session-route";

/**
 * pusher-js's authEndpoint for private channels: a member may subscribe to their active
 * organization's channel and to no other.
 */
export const handlePusherAuth = sessionRoute("pusher auth", async (req, viewer) => {
  if (!pusherConfig()) throw new ApiProblem("not-found", "Pusher is not configured.");
  // pusher-js posts two short fields; anything longer is not from it.
  const body = await readBoundedText(req, 4096).catch(() => null);
  if (body === null) throw new ApiProblem("validation-error", "Bad request body.");
  const form = new URLSearchParams(body);
  const socketId = form.get("socket_id") ?? "";
  const channel = form.get("channel_name") ?? "";
  if (!/^\d+\.\d+$/.test(socketId)) throw new ApiProblem("validation-error", "Bad socket_id.");
  if (channel !== organizationChannel(viewer.organizationId))
    throw new ApiProblem("forbidden", "Only your active organization's channel.");
  return Response.json(authorizePusherChannel(socketId, channel));
});
