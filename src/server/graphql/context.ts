import { withOrg, type Transaction } from "@/server/db/client";
import type { Actor } from "@/server/domain/actor";
import type { AuthenticatedKey } from "@/server/public-api/api-keys";

import { createLoaders, type Loaders } from "./loaders";

/**
 * What every resolver gets. A query or mutation runs in one `withOrg` transaction (see
 * tenant-transaction.ts), so row-level security confines it to the key's organization and a
 * mutation's writes commit or roll back together. Subscription events have no enclosing
 * transaction: their reads each open one (`read`).
 */
export interface GraphQLContext {
  key: AuthenticatedKey;
  organizationId: string;
  actor: Actor;
  /** Set while an operation executes inside its transaction. */
  tx: Transaction | null;
  loaders: Loaders;
}

export function createContext(key: AuthenticatedKey): GraphQLContext {
  const ctx: GraphQLContext = {
    key,
    organizationId: key.organizationId,
    actor: { userId: null, label: `api:${key.prefix}` },
    tx: null,
    loaders: undefined as unknown as Loaders,
  };
  return bindLoaders(ctx);
}

/** Fresh loaders that read through this very context object (its transaction, when one is open). */
export function bindLoaders(ctx: GraphQLContext): GraphQLContext {
  ctx.loaders = createLoaders((fn) => read(ctx, fn), ctx.organizationId);
  return ctx;
}

/** Runs a read in the operation's transaction, or in a transaction of its own (subscription events). */
export function read<T>(ctx: GraphQLContext, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return ctx.tx ? fn(ctx.tx) : withOrg(ctx.organizationId, fn);
}
