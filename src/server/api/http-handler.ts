import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { TRPC_MAX_BATCH_SIZE } from "@/lib/trpc-limits";
import { boundTrpcRequest, trpcErrorResponse } from "@/server/api/bounded-request";
import { appRouter } from "@/server/api/root";
import { createContext, errorReference, isUnexpected } from "@/server/api/trpc";
import { foreignOrigin } from "@/server/http/same-origin";
import { log } from "@/server/log";
import { countError } from "@/server/observability/metrics";

/** /api/trpc: the route file's GET and POST (a function of the router so tests can serve their own). */
export function handleTrpc(incoming: Request, router: typeof appRouter = appRouter): Promise<Response> | Response {
  // Mutations are POSTs: one from another site's page is refused (issue 20, item 15).
  const foreign = incoming.method === "POST" ? foreignOrigin(incoming.headers) : null;
  if (foreign !== null)
    return trpcErrorResponse(new TRPCError({ code: "FORBIDDEN", message: "Requests from other sites are refused." }));
  // Size and nesting are bounded before tRPC parses anything (issue 20).
  const req = boundTrpcRequest(incoming);
  if (req instanceof TRPCError) return trpcErrorResponse(req);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router,
    // One request runs at most this many procedures (the dashboard's link splits larger batches).
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    createContext: () => createContext({ headers: req.headers }),
    onError({ error, path }) {
      if (isUnexpected(error)) {
        countError("trpc");
        // The client saw only the reference (errorFormatter); the details stay here.
        log.error({ path, reference: errorReference(error), err: error.cause ?? error }, "tRPC procedure failed");
      }
    },
  });
}
