"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";

/**
 * A list's search, filters and sort kept in the page's address (`?q=…&status=…&sort=…`), so a reload
 * or a shared link shows the same list. Each key has a default (left out of the address) and an
 * optional check: a value that fails it (an unknown sort, a status that does not exist, a mangled id
 * typed into the address) reads as the default, so a bad link shows the plain list rather than an error.
 * Changes replace the history entry (no new entry per keystroke) through the browser's history,
 * which Next's router follows without asking the server again.
 */
export function useUrlState<K extends string>(
  defaults: Record<K, string>,
  checks: Partial<Record<K, (value: string) => boolean>> = {},
) {
  const params = useSearchParams();
  const pathname = usePathname();
  const values = useMemo(() => {
    const out = { ...defaults };
    for (const key of Object.keys(defaults) as K[]) {
      const raw = params.get(key);
      if (raw !== null && (checks[key]?.(raw) ?? true)) out[key] = raw;
    }
    return out;
    // defaults and checks are constants of the caller.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params]);
  const set = useCallback(
    (patch: Partial<Record<K, string>>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(patch) as [K, string][]) {
        if (value === defaults[key] || value === "") next.delete(key);
        else next.set(key, value);
      }
      const query = next.toString();
      // null, not history.state: Next's patched replaceState passes its own state through untouched
      // (no router update); a foreign one it copies its state into and moves useSearchParams along.
      window.history.replaceState(null, "", `${pathname}${query ? `?${query}` : ""}`);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [pathname],
  );
  return [values, set] as const;
}

/** A value is one of `allowed`. */
export const oneOf =
  (allowed: readonly string[]) =>
  (v: string): boolean =>
    allowed.includes(v);

/** A UUID (ids in filters). */
export const isUuid = (v: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

/** A calendar day as a date input gives it. */
export const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));

/** Search text: at most 100 characters (what the server accepts). */
export const isSearch = (v: string) => v.length <= 100;

/**
 * The search box's text, kept in the address as `q` a pause after the last keystroke (one query per
 * pause, not per letter). Returns the box's text, its setter and the text the list asks for.
 */
export function useSearchBox(q: string, setQ: (q: string) => void, ms = 300) {
  const [text, setText] = useState(q);
  const [asked, setAsked] = useState(q);
  useEffect(() => {
    const id = setTimeout(() => {
      const trimmed = text.trim().slice(0, 100);
      setAsked(trimmed);
      if (trimmed !== q) setQ(trimmed);
    }, ms);
    return () => clearTimeout(id);
    // Only the typed text starts the wait.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  return { text, setText, query: asked };
}
