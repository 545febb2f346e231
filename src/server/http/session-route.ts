import "server-only";

import { sessionViewer, type Viewer } from "@/server/auth/viewer";
import { log } from "@/server/log";

import { ApiProblem, problemFrom, problemResponse } from "./problem";

/**
 * The one wrapper for route handlers that act for the signed-in member (downloads, realtime): the
 * viewer comes from the session and its ACTIVE organization (never from the URL), and every refusal
 * is RFC 9457 problem+json from the one catalogue (./problem.ts): no session is `unauthenticated`,
 * a DomainError is its row of the error map, anything else is logged and answered `internal-error`.
 */
export function sessionRoute<Rest extends unknown[]>(
  name: string,
  handler: (req: Request, viewer: Viewer, ...rest: Rest) => Promise<Response>,
): (req: Request, ...rest: Rest) => Promise<Response> {
  return async (req, ...rest) => {
    try {
      const viewer = await sessionViewer(req.headers);
      if (!viewer) throw new ApiProblem("unauthenticated", "Sign in and choose an organization first.");
      return await handler(req, viewer, ...rest);
    } catch (err) {
      const problem = problemFrom(err);
      if (!problem) log.error({ err: String(err), stack: (err as Error)?.stack, route: name }, "session route failed");
      return problemResponse(
        problem ?? new ApiProblem("internal-error", "Something went wrong on our side; it has been logged."),
        new URL(req.url).pathname,
        { "cache-control": "no-store" },
      );
    }
  };
}
