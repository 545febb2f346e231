import { costLimitPlugin } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthPlugin } from "@escape.tech/graphql-armor-max-depth";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { getOperationAST, GraphQLError, print, type ExecutionArgs } from "graphql";
import { createYoga, type Plugin } from "graphql-yoga";

import { auth, findMembership } from "@/server/auth";
import { withOrg } from "@/server/db/client";
import { log } from "@/server/log";
import { authenticateApiKey, type AuthenticatedKey } from "@/server/public-api/api-keys";
import { claimIdempotencyKey, readIdempotencyKey, requestFingerprint } from "@/server/public-api/idempotency";
import { rateLimitHeaders, takeToken, type RateLimitState } from "@/server/public-api/rate-limit";

import { bindLoaders, createContext, type GraphQLContext } from "./context";
import { asGraphQLError } from "./rest-bridge";
import { schema } from "./schema";

/**
 * `/api/graphql`: GraphQL Yoga over the Pothos schema. The same API keys, scopes and per-key rate
 * limit as REST; every operation in one `withOrg` transaction (row-level security); limits on depth,
 * cost, aliases and tokens before anything executes; page sizes capped by the REST operations.
 */
export const GRAPHQL_PATH = "/api/graphql";
export const LIMITS = { depth: 10, cost: 5000, aliases: 15, tokens: 2000, bodyBytes: 256 * 1024 } as const;

const problem = (message: string, code: string, status: number, headers: Record<string, string> = {}) =>
  new GraphQLError(message, { extensions: { code, http: { status, headers } } });

/** Authenticates the `Authorization: Bearer` key and takes one token of its rate limit. */
export async function authenticate(
  authorization: string | null,
): Promise<{ key: AuthenticatedKey; limit: RateLimitState }> {
  const key = await authenticateApiKey(authorization);
  if (!key)
    throw problem("Send an API key as `Authorization: Bearer sa_live_...`.", "UNAUTHENTICATED", 401, {
      "WWW-Authenticate": 'Bearer realm="storage-agent"',
    });
  const limit = await takeToken(key);
  if (!limit.allowed)
    throw problem(
      `This key may make ${limit.limit} requests a minute; retry in ${limit.resetSeconds} s.`,
      "RATE_LIMITED",
      429,
      rateLimitHeaders(limit),
    );
  return { key, limit };
}

/** Read for queries and subscriptions, write for mutations: the REST API's scopes. */
function assertScope(args: ExecutionArgs, key: AuthenticatedKey) {
  const op = getOperationAST(args.document, args.operationName);
  const needed = op?.operation === "mutation" ? "write" : "read";
  if (!key.scopes.includes(needed))
    throw problem(`This operation needs a key with the ${needed} scope.`, "FORBIDDEN", 403);
  return op?.operation;
}

class RollBack extends Error {
  constructor(public readonly result: unknown) {
    super("rolled back");
  }
}

/** Requests whose answer was replayed for their Idempotency-Key (marked `Idempotent-Replayed: true`). */
const replayed = new WeakSet<Request>();

/**
 * Runs each query or mutation inside one tenant transaction. A mutation whose result carries an
 * unexpected error rolls back whole (typed errors already rolled back their own savepoint).
 *
 * A mutation sent with an `Idempotency-Key` header is claimed like a REST POST
 * (public-api/idempotency.ts): the key's row is written first in the same transaction, so the same
 * key with the same document and variables replays the first committed answer, typed errors
 * included (the document's other mutations committed with it), and with a different request is
 * refused (IDEMPOTENCY_KEY_REUSED). An answer rolled back (an unexpected error) is not kept.
 */
export const tenantTransaction = (): Plugin<GraphQLContext> => ({
  onExecute({ executeFn, setExecuteFn }) {
    setExecuteFn(async (execArgs) => {
      const ctx = execArgs.contextValue as GraphQLContext & { request?: Request };
      const operation = assertScope(execArgs, ctx.key);
      // Yoga copies the context factory's fields into its own object: bind the loaders to that one.
      bindLoaders(ctx);
      try {
        const idempotencyKey = operation === "mutation" && ctx.request ? readIdempotencyKey(ctx.request.headers) : null;
        return (await withOrg(ctx.organizationId, async (tx) => {
          const claim = idempotencyKey
            ? await claimIdempotencyKey(
                tx,
                { organizationId: ctx.organizationId, apiKeyId: ctx.key.id },
                idempotencyKey,
                requestFingerprint("POST", GRAPHQL_PATH, {
                  query: print(execArgs.document),
                  operationName: execArgs.operationName ?? null,
                  variables: execArgs.variableValues ?? {},
                }),
              )
            : null;
          if (claim?.replay) {
            replayed.add(ctx.request!);
            return claim.replay.body;
          }
          ctx.tx = tx;
          try {
            const out = (await executeFn(execArgs)) as { errors?: readonly unknown[] };
            if (operation === "mutation" && out.errors?.length) throw new RollBack(out);
            await claim?.record({ status: 200, body: JSON.parse(JSON.stringify(out)) as unknown });
            return out;
          } finally {
            ctx.tx = null;
          }
        })) as never;
      } catch (err) {
        if (err instanceof RollBack) return err.result as never;
        throw asGraphQLError(err);
      }
    });
  },
});

export const armor = () => [
  maxDepthPlugin({ n: LIMITS.depth, ignoreIntrospection: true, flattenFragments: true }),
  costLimitPlugin({ maxCost: LIMITS.cost, ignoreIntrospection: true }),
  maxAliasesPlugin({ n: LIMITS.aliases }),
  maxTokensPlugin({ n: LIMITS.tokens }),
];

async function isSignedInMember(headers: Headers): Promise<boolean> {
  const session = await auth.api.getSession({ headers });
  const organizationId = session?.session.activeOrganizationId;
  return !!session && !!organizationId && !!(await findMembership(session.user.id, organizationId));
}

const limits = new WeakMap<Request, RateLimitState>();

const rateLimitResponseHeaders = (): Plugin => ({
  onResponse({ request, response }) {
    const limit = limits.get(request);
    if (limit) for (const [k, v] of Object.entries(rateLimitHeaders(limit))) response.headers.set(k, v);
    if (replayed.has(request)) response.headers.set("Idempotent-Replayed", "true");
  },
});

export const yoga = createYoga<Record<string, unknown>, GraphQLContext>({
  schema,
  graphqlEndpoint: GRAPHQL_PATH,
  // GraphiQL in development; in production to signed-in members of an organization only (their
  // active one, tRPC's rule). It runs nothing by itself: queries still need an API key.
  graphiql: async (request) => {
    if (process.env.NODE_ENV === "production" && !(await isSignedInMember(request.headers))) return false;
    return {
      title: "Storage Agent GraphQL",
      defaultEditorToolsVisibility: "headers",
      headers: JSON.stringify({ Authorization: "Bearer sa_live_... (a key from Settings > API)" }, null, 2),
    };
  },
  landingPage: false,
  batching: false,
  multipart: false,
  logging: false,
  // Unexpected errors reach the client as "Unexpected error." and the log with their stack.
  maskedErrors: {
    maskError(error, message) {
      const original = (error as GraphQLError).originalError;
      if (error instanceof GraphQLError && !original) return error;
      if (original instanceof GraphQLError) return original;
      log.error(
        { err: String(original ?? error), stack: (original as Error | undefined)?.stack },
        "GraphQL resolver failed",
      );
      return new GraphQLError(message, { extensions: { code: "INTERNAL_SERVER_ERROR" } });
    },
  },
  context: async ({ request }) => {
    const { key, limit } = await authenticate(request.headers.get("authorization"));
    limits.set(request, limit);
    return createContext(key);
  },
  plugins: [...armor(), tenantTransaction(), rateLimitResponseHeaders()],
});
