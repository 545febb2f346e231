/**
 * The layer order of ARCHITECTURE.md ("Layers"), kept by lint. From the bottom:
 *
 *   1. shared      src/lib, src/env.ts: used by the browser and the server alike
 *   2. platform    db, log, observability, audit, http, auth, integrations, lifecycle, health, dev,
 *                  housekeeping: knows no business rule
 *   3. domain      domain, events (recording), read-model, billing, payments, pms, telephony, alerts,
 *                  analytics, reports, onboarding, retention, consistency: the rules of the business
 *   4. agent and reactions   agent, realtime, webhooks, events/subscribers.ts
 *   5. entry points   channels, calls, api (tRPC), public-api, graphql, ws, jobs/workflows, demo,
 *                  src/app, server.ts, scripts: each may use anything below it
 *
 * src/server/jobs outside workflows/ (the outbox, workflow names, the client that starts them) serves
 * every layer from the domain up. Beside the server, the browser's code (src/components, src/lib)
 * takes only types from it.
 *
 * A module imports from its own layer or a lower one. `import/no-restricted-paths` checks the
 * resolved path, so a relative `../../agent/engine` is caught as surely as `@/server/agent/engine`.
 * Tests (`*.test.ts`) may import across layers. tests/lint/layers.test.ts shows a wrong import fail.
 *
 * Import cycles are refused by `npm run lint:cycles` (scripts/lib/import-cycles.ts), not by
 * `import/no-cycle`: that rule was 88% of the lint's time.
 */

const S = (...names) => names.map((n) => `./src/server/${n}`);

const ENTRY_POINTS = S("channels", "calls", "api", "public-api", "graphql", "ws", "jobs/workflows", "demo");
const AGENT_AND_REACTIONS = S("agent", "realtime", "webhooks", "events/subscribers.ts");
const DOMAIN = S(
  "domain",
  "events/record.ts",
  "events/types.ts",
  "events/subscriber.ts",
  "read-model",
  "billing",
  "payments",
  "pms",
  "telephony",
  "alerts",
  "analytics",
  "reports",
  "onboarding",
  "retention",
  "consistency",
);
const PLATFORM = S(
  "db",
  "log.ts",
  "observability",
  "audit.ts",
  "http",
  "auth",
  "integrations",
  "lifecycle",
  "health.ts",
  "dev",
  "housekeeping.ts",
);
const ABOVE = "is above it in the layer order (ARCHITECTURE.md, Layers)";

const zones = [
  {
    target: ["./src/lib", "./src/env.ts"],
    from: ["./src/components", "./src/app"],
    message: `src/lib and src/env.ts are shared with the browser and the server: they import no component or page.`,
  },
  {
    target: ["./src/server"],
    from: ["./src/components", "./src/app"],
    message: `Server code does not import React components or pages: the page calls the server, not the reverse.`,
  },
  {
    target: ["./src/components"],
    from: ["./src/app"],
    message: `Components are used by pages (src/app), never the reverse.`,
  },
  {
    target: PLATFORM,
    from: [...DOMAIN, ...AGENT_AND_REACTIONS, "./src/server/jobs", ...ENTRY_POINTS],
    message: `The platform layer knows no business rule: this module ${ABOVE}.`,
  },
  {
    target: DOMAIN,
    from: [...S("realtime", "webhooks", "events/subscribers.ts"), ...ENTRY_POINTS],
    message: `The domain records events and lets subscribers react; this module ${ABOVE}.`,
  },
  {
    // The agent's language functions (entity detection) are pure; the read model's secret scrubbing
    // uses them. Anything else of the agent's is above the domain.
    target: DOMAIN,
    from: ["./src/server/agent"],
    except: ["./nlu"],
    message: `The domain does not call the agent: it ${ABOVE}.`,
  },
  {
    // HTTP requests and responses are the entry points' business; the domain takes parsed values.
    target: S("domain", "read-model", "events/record.ts", "events/types.ts", "events/subscriber.ts"),
    from: ["./src/server/http"],
    message: `The domain knows nothing of HTTP: parse the request where it arrives (the route, src/server/http) and pass values.`,
  },
  {
    target: AGENT_AND_REACTIONS,
    from: ENTRY_POINTS,
    message: `Channels, routers and APIs call the agent and the reactions, not the reverse: this module ${ABOVE}.`,
  },
];

/** The rules, for eslint.config.mjs (which registers the import and typescript-eslint plugins). */
export const layerRules = [
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "import/no-restricted-paths": ["error", { basePath: import.meta.dirname, zones }],
    },
  },
  {
    // The browser's code may name the server's types (erased at build) but never load its modules.
    files: ["src/components/**/*.ts", "src/components/**/*.tsx", "src/lib/**/*.ts", "src/lib/**/*.tsx", "src/env.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/|(\\.\\./)+)server(/|$)",
              allowTypeImports: true,
              message:
                "Components and src/lib run in the browser: use `import type` for server types, and call the server through tRPC.",
            },
          ],
        },
      ],
    },
  },
];
