import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";
import prettier from "eslint-config-prettier";

import { layerRules } from "./eslint.layers.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle },
    rules: {
      // Every UPDATE and DELETE must say which rows (T3's habit): an unscoped write is a cross-tenant bug.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error; an async handler where a void callback
    // is expected (an event emitter, a server callback) rejects unseen. JSX attributes are left out:
    // React ignores the returned promise by design and our handlers catch their own errors.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  // The layer order of ARCHITECTURE.md and no import cycles (eslint.layers.mjs).
  ...layerRules,
  // Formatting is Prettier's (npm run format); turn off the stylistic rules that would disagree with it.
  prettier,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "drizzle/**",
      "next-env.d.ts",
      "playwright-report/**",
      "test-results/**",
      // A deliberate import cycle that tests/lint/layers.test.ts shows the lint refusing.
      "tests/lint/fixtures/**",
    ],
  },
];

export default config;
