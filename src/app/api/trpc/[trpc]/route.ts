import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { boundTrpcRequest, trpcErrorResponse } from "@/server/api/bounded-request";
import { appRouter } from "@/server/api/root";
import { foreignOrigin } from "@/server/http/same-origin";
import { createContext } from "@/server/api/trpc";
import { log } from "@/server/log";
import { countError } from "@/server/observability/metrics";

const handler = (incoming: Request) => {
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
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        countError("trpc");
        log.error({ path, err: error.message }, "tRPC procedure failed");
      }
    },
  });
};

export { handler as GET, handler as POST };
