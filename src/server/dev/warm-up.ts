import { log } from "@/server/log";

/**
 * Development only: Next compiles a route the first time it is requested, which made the first
 * visit to each dashboard page wait for a compile. Right after start, server.ts requests the pages
 * people open first, one at a time, so they are compiled before anyone clicks. The answers (a
 * redirect to sign-in, a 404 for the made-up organization) do not matter: the route is compiled
 * either way. The organization segment is any slug; the route is the same for every one.
 */
export const WARM_ROUTES = [
  "/sign-in",
  "/warm-up",
  "/warm-up/calls",
  "/warm-up/leads",
  "/warm-up/reservations",
  "/warm-up/analytics",
  "/warm-up/facilities",
  "/warm-up/facilities/00000000-0000-0000-0000-000000000000",
  // Settings has no page of its own (/settings answered 404 and compiled only the not-found page):
  // its first page compiles the settings layout the others share.
  "/warm-up/settings/team",
  "/api/trpc/analytics.today",
  "/api/auth/get-session",
];

/** The script files an HTML page loads (`<script src>`), as absolute URLs. */
export function scriptsOf(html: string, base: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map(
    (m) => new URL(m[1]!.replace(/&amp;/g, "&"), base).href,
  );
}

async function fetchAll(urls: Iterable<string>) {
  for (const url of urls)
    await fetch(url, { redirect: "manual" }).then(
      (r) => r.arrayBuffer(),
      () => null,
    );
}

export async function warmUpRoutes(base: string, routes: readonly string[] = WARM_ROUTES): Promise<void> {
  const started = performance.now();
  for (const route of routes) {
    // A failed warm-up only means the first real visit compiles the route itself.
    await fetch(`${base}${route}`, { redirect: "manual" }).then(
      async (res) => {
        const html = await res.text();
        // The sign-in page is the first page anyone opens: its browser code too (Next compiles a
        // page's browser scripts when they are first asked for: 2.4-3.1 s to a usable sign-in page
        // in development on the 2-core machine, 1.2-1.4 s with them compiled here).
        if (route === "/sign-in") await fetchAll(scriptsOf(html, base));
      },
      () => null,
    );
  }
  log.info({ routes: routes.length, ms: Math.round(performance.now() - started) }, "development routes compiled");
}
