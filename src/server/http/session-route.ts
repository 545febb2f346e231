import "server-only";

import { sessionViewer, type Viewer } from "@/server/auth/viewer";
import { log } from "@/server/log";

import { ApiProblem, problemFrom, problemResponse } from "./problem";
import { foreignOrigin, isSafeMethod } from "./same-origin";

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
      // A request that changes something must come from our own pages (./same-origin.ts).
      if (!isSafeMethod(req.method) && foreignOrigin(req.headers) !== null)
        throw new ApiProblem("forbidden", "Requests from other sites are refused.");
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
