import { describe, expect, it } from "vitest";

import { DEMO_NOT_SEEDED, demoSeedPlan } from "./seed-plan";

describe("demo data at start-up", () => {
  it("seeds the embedded database unless told not to", () => {
    expect(demoSeedPlan({ demoSeed: undefined, embedded: true })).toEqual({ seed: true, notice: null });
    expect(demoSeedPlan({ demoSeed: "false", embedded: true })).toEqual({ seed: false, notice: null });
  });

  it("leaves a DATABASE_URL database alone unless DEMO_SEED=true, and says so with how to get the demo", () => {
    expect(demoSeedPlan({ demoSeed: undefined, embedded: false })).toEqual({ seed: false, notice: DEMO_NOT_SEEDED });
    expect(DEMO_NOT_SEEDED).toMatch(/DEMO_SEED=true/);
    expect(demoSeedPlan({ demoSeed: "true", embedded: false })).toEqual({ seed: true, notice: null });
    expect(demoSeedPlan({ demoSeed: "false", embedded: false })).toEqual({ seed: false, notice: null });
    expect(demoSeedPlan({ demoSeed: undefined, embedded: false, demoPms: "stora" })).toEqual({
      seed: true,
      notice: null,
    });
  });
});
