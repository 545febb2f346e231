import { availableParallelism } from "node:os";
import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname, "src"),
      // Modules that only Next's server layer loads are marked `import "server-only"` (a client bundle
      // that reaches one fails to build); tests load them as plain Node modules.
      "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
      // graphql 16 ships CommonJS (main) and ESM (module) copies; Node loads the CommonJS one for
      // Pothos and Yoga, so our own imports must get the same copy or schema objects look foreign.
      graphql: path.resolve(import.meta.dirname, "node_modules/graphql/index.js"),
    },
  },
  test: {
    include: ["src/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts", "evals/**/*.test.ts"],
    exclude: ["e2e/**", "node_modules/**", ".next/**"],
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup-env.ts"],
    pool: "forks",
    // The test files mostly wait on Postgres, so on a two-core machine (CI's) vitest's default of
    // cores − 1 workers ran them one at a time: two workers took the suite from 695 s to 356 s there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      DATA_DIR: ".data/test",
      PUBLIC_URL: "http://localhost:3000",
      AUTH_RATE_LIMIT_PER_IP: "8",
      AUTH_RATE_LIMIT_PER_ACCOUNT: "5",
    },
  },
});
