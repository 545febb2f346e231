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

export async function warmUpRoutes(base: string, routes: readonly string[] = WARM_ROUTES): Promise<void> {
  const started = performance.now();
  for (const route of routes) {
    // A failed warm-up only means the first real visit compiles the route itself.
    await fetch(`${base}${route}`, { redirect: "manual" }).then(
      (res) => res.arrayBuffer(),
      () => null,
    );
  }
  log.info({ routes: routes.length, ms: Math.round(performance.now() - started) }, "development routes compiled");
}
