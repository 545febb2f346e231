import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { log } from "@/server/log";
import { countError } from "@/server/observability/metrics";

const handler = (req: Request) =>
  fetchRequestHandler({
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

export { handler as GET, handler as POST };
