"use client";

import { HydrationBoundary, type DehydratedState } from "@tanstack/react-query";
import { useMemo, type ReactNode } from "react";
import superjson, { type SuperJSONResult } from "superjson";

import type { PrefetchedState } from "@/server/api/prefetch";

/**
 * Puts the data a page fetched while the server rendered it (src/server/api/prefetch.ts) into the
 * browser's query cache before the page's components ask for it, so their queries start with it
 * (no request after hydrating) and the server's HTML already shows it. Nothing (null) leaves the
 * page to fetch as before.
 */
export function PrefetchedData({ state, children }: { state: PrefetchedState | null; children: ReactNode }) {
  const dehydrated = useMemo(
    () => (state ? superjson.deserialize<DehydratedState>(state as SuperJSONResult) : undefined),
    [state],
  );
  return <HydrationBoundary state={dehydrated}>{children}</HydrationBoundary>;
}
