"use client";

import { useIsFetching, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

/**
 * Marks a page whose data has arrived: a hidden span gets `data-loaded="ok"` once no query is
 * fetching (`"error"` when one failed), for the page-speed benchmark (npm run bench:pages) and
 * browser tests that wait for data rather than for a fixed time. Place it last in the page: its
 * effect runs after the effects of the components above it, which start their queries, so the
 * mark cannot appear between a section mounting and its query starting. The attribute is set on
 * the element directly, so marking costs the page no render. `pending`: data the page is still
 * waiting for, fetching or not yet started (the Calls list waits for its live stream first).
 */
export function DataLoaded({ pending = false }: { pending?: boolean } = {}) {
  const client = useQueryClient();
  const fetching = useIsFetching();
  const mark = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const el = mark.current;
    if (!el) return;
    if (pending || client.isFetching() > 0) return el.removeAttribute("data-loaded");
    const failed = client
      .getQueryCache()
      .getAll()
      .some((q) => q.state.status === "error");
    el.setAttribute("data-loaded", failed ? "error" : "ok");
  }, [client, fetching, pending]);
  return <span ref={mark} hidden />;
}
