import { getOperationAST, GraphQLError, type ExecutionArgs } from "graphql";
import { useServer as serveGraphQLOverWs } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";

import type { AuthenticatedKey } from "@/server/public-api/api-keys";
import { takeToken } from "@/server/public-api/rate-limit";
import { registerWsRoute } from "@/server/ws/routes";

import { createContext } from "./context";
import { authenticate, GRAPHQL_PATH, yoga } from "./server";

/**
 * GraphQL over WebSocket (the `graphql-transport-ws` protocol of graphql-ws) at /api/graphql.
 * The API key goes in the connection_init payload (`{ "authorization": "Bearer sa_live_..." }`); a
 * missing or revoked key closes the socket with 4403. Each subscribe message counts against the
 * key's rate limit; documents pass the same validation (depth, cost, aliases) as over HTTP.
 */
type Extra = { key?: AuthenticatedKey } & Record<PropertyKey, unknown>;

type Runner = Pick<ReturnType<typeof yoga.getEnveloped>, "execute" | "subscribe">;

const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });

serveGraphQLOverWs<Record<string, unknown>, Extra>(
  {
    async onConnect(ctx) {
      const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
      try {
        ctx.extra.key = (await authenticate(typeof raw === "string" ? raw : null)).key;
        return true;
      } catch {
        return false;
      }
    },
    async onSubscribe(ctx, _id, payload) {
      const key = ctx.extra.key!;
      const limit = await takeToken(key);
      if (!limit.allowed)
        return [
          new GraphQLError(`Rate limited: retry in ${limit.resetSeconds} s.`, { extensions: { code: "RATE_LIMITED" } }),
        ];
      const { schema, execute, subscribe, parse, validate } = yoga.getEnveloped({});
      // Everything refused here is answered as this operation's error message. A throw would be
      // graphql-ws's internal error: the whole socket closed (4500), every other subscription on it with it.
      let document;
      try {
        document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length) return errors;
      } catch (err) {
        return [err instanceof GraphQLError ? err : new GraphQLError(refusal(err, "The query could not be parsed."))];
      }
      const op = getOperationAST(document, payload.operationName);
      // Mutations need the write scope, queries and subscriptions read (as over HTTP).
      const scope = op?.operation === "mutation" ? "write" : "read";
      if (!key.scopes.includes(scope))
        return [
          new GraphQLError(`This operation needs a key with the ${scope} scope.`, {
            extensions: { code: "FORBIDDEN" },
          }),
        ];
      const runner: Runner = { execute, subscribe };
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue: createContext(key),
        rootValue: runner,
      } satisfies ExecutionArgs;
    },
    execute: (args) => (args.rootValue as Runner).execute(args),
    subscribe: (args) => (args.rootValue as Runner).subscribe(args),
  },
  wss,
);

/** A refusal's own words when it is one of ours (armor's limits throw plain errors with them). */
function refusal(err: unknown, fallback: string): string {
  return err instanceof Error && err.message ? err.message : fallback;
}

registerWsRoute({
  path: GRAPHQL_PATH,
  onConnection: (socket, req) => wss.emit("connection", socket, req),
});
