import type { ObjectRef } from "@pothos/core";

import type { Types } from "./builder";

import { builder } from "./builder";

/**
 * Relay-style connections over the REST API's keyset pages (newest first). A cursor is the REST
 * cursor of that row, so `after: endCursor` continues exactly where a page ended, and a cursor from
 * one API works in the other.
 */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  cursors: string[];
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;

const PageInfo = builder
  .objectRef<{ hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }>(
    "PageInfo",
  )
  .implement({
    description: "Pages go forward only (newest first): pass endCursor as `after` while hasNextPage.",
    fields: (t) => ({
      hasNextPage: t.exposeBoolean("hasNextPage"),
      hasPreviousPage: t.exposeBoolean("hasPreviousPage", {
        description: "True when this page was asked for with `after`.",
      }),
      startCursor: t.exposeString("startCursor", { nullable: true }),
      endCursor: t.exposeString("endCursor", { nullable: true }),
    }),
  });

export type PageWithArgs<T> = Page<T> & { after: string | null };

export function connectionOf<T>(node: ObjectRef<Types, T>, name: string) {
  const Edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    fields: (t) => ({
      cursor: t.exposeString("cursor"),
      node: t.field({ type: node, resolve: (e) => e.node as never }),
    }),
  });
  return builder.objectRef<PageWithArgs<T>>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({
        type: [Edge],
        resolve: (p) => p.data.map((item, i) => ({ node: item, cursor: p.cursors[i]! })),
      }),
      nodes: t.field({ type: [node], resolve: (p) => p.data }),
      pageInfo: t.field({
        type: PageInfo,
        resolve: (p) => ({
          hasNextPage: p.next_cursor !== null,
          hasPreviousPage: p.after !== null,
          startCursor: p.cursors[0] ?? null,
          endCursor: p.cursors[p.cursors.length - 1] ?? null,
        }),
      }),
    }),
  });
}

/** `first`/`after` to the REST page query's `limit`/`cursor`. */
export const pageQuery = (args: { first?: number | null; after?: string | null }) => ({
  limit: args.first ?? DEFAULT_PAGE_SIZE,
  cursor: args.after ?? undefined,
});

export const FIRST_DESCRIPTION = `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`;
