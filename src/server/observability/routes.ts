import { RESERVED_SLUGS } from "@/lib/slug";
import { UUID } from "@/lib/uuid";

/**
 * Turns a request path into a route pattern for metric labels and logs: ids, organization slugs
 * and query strings never become label values (they would explode Prometheus' series count and
 * leak one organization's names into numbers every admin can see).
 *
 *   /acme-storage/leads/Xk29dLq0aPz  ->  /:org/leads/:id
 *   /api/trpc/team.list?batch=1      ->  /api/trpc/team.list
 *   /api/trpc/a.b,c.d                ->  /api/trpc/:batch
 *   anything answered 404            ->  (unmatched)
 */

// First path segments that are the app's own routes (organization slugs may not take them, see
// src/lib/slug.ts); any other first segment is an organization slug. A route added later and missing
// from both lists is labelled /:org/..., which is wrong but still bounded.
const TOP_LEVEL = new Set([...RESERVED_SLUGS, "sitemap.xml", "manifest.webmanifest", "icon.png", "apple-icon.png"]);

const MAX_SEGMENTS = 6;
const MAX_ROUTES = 500;
const seen = new Set<string>();

const PROCEDURE = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/;

/** A segment that names one record rather than a kind of page: uuids, numbers, generated ids, phone numbers, e-mails. */
export function looksLikeId(segment: string): boolean {
  if (UUID.test(segment) || /^\+?\d+$/.test(segment) || segment.includes("@")) return true;
  if (/^[0-9a-f]{12,}$/i.test(segment)) return true;
  // Generated ids (nanoid, cuid, Better Auth's 32-char ids) mix letters and digits and are long.
  return segment.length >= 10 && /\d/.test(segment) && /^[A-Za-z0-9_-]+$/.test(segment);
}

export function normaliseRoute(rawUrl: string | undefined, status: number): string {
  if (status === 404) return "(unmatched)";
  const path = (rawUrl ?? "/").split(/[?#]/, 1)[0] ?? "/";
  const segments = path.split("/").filter(Boolean);
  if (segments.length === 0) return "/";
  const [first, second] = segments;
  if (first === "_next") return second === "static" ? "/_next/static" : "/_next";
  if (first === "api" && second === "trpc" && segments.length >= 3) {
    const procedures = decodeSafe(segments[2]!);
    if (procedures.includes(",")) return "/api/trpc/:batch";
    return PROCEDURE.test(procedures) ? `/api/trpc/${procedures}` : "/api/trpc/:procedure";
  }
  const out = segments.slice(0, MAX_SEGMENTS).map((s, i) => {
    if (i === 0 && !TOP_LEVEL.has(s)) return ":org";
    return looksLikeId(decodeSafe(s)) ? ":id" : s.slice(0, 40);
  });
  if (segments.length > MAX_SEGMENTS) out.push("*");
  return bounded(`/${out.join("/")}`);
}

/** After MAX_ROUTES distinct patterns, new ones are counted as "(other)" so a crawler cannot grow the label set without end. */
function bounded(route: string): string {
  if (seen.has(route)) return route;
  if (seen.size >= MAX_ROUTES) return "(other)";
  seen.add(route);
  return route;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
