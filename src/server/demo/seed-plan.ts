/**
 * Whether start-up seeds the demo organization (server.ts). With the embedded database (no
 * DATABASE_URL) it does unless DEMO_SEED=false: that database exists for trying the product. With
 * DATABASE_URL it does only with DEMO_SEED=true (or DEMO_PMS): that may be an operator's real
 * database, which must never get a demo organization by surprise. Testers starting `npm run dev`
 * against their own PostgreSQL found no demo login and no word why, so that case says so, once.
 */
export interface DemoSeedPlan {
  seed: boolean;
  /** A line for the start-up log when demo data is left out without having been asked to be. */
  notice: string | null;
}

export const DEMO_NOT_SEEDED =
  "Demo data not seeded: DATABASE_URL is set, so this database is left as it is. " +
  "Start with DEMO_SEED=true (or run `npm run seed:demo`) to create the demo organization and its login.";

export function demoSeedPlan(opts: {
  demoSeed: "true" | "false" | undefined;
  embedded: boolean;
  demoPms?: string | undefined;
}): DemoSeedPlan {
  const seed = opts.demoSeed === "true" || (opts.demoSeed === undefined && opts.embedded) || Boolean(opts.demoPms);
  // DEMO_SEED=false is an answer already; only the default with DATABASE_URL needs saying.
  return { seed, notice: !seed && opts.demoSeed === undefined ? DEMO_NOT_SEEDED : null };
}
