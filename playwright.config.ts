import { defineConfig, devices } from "@playwright/test";

import { STORA_E2E, STOREDGE_E2E } from "./e2e/pms-fake";

/**
 * End-to-end tests drive the system Chromium (Debian's `chromium` package; never a downloaded
 * browser) against the production build served by server.ts. `npm run build` must have run first;
 * `npm test` does that. The database is CI's server (DATABASE_URL) or an embedded one in .data/e2e.
 */
const port = Number(process.env.E2E_PORT ?? 3200);
const baseURL = `http://127.0.0.1:${port}`;

/**
 * Billing runs against the local fake of Stripe (tests/fakes/stripe-server.ts), started as a second
 * web server: the app's Stripe SDK points at it, its hosted Checkout page posts signed webhooks back
 * to the app. The keys only ever reach that local fake; the price ids are the ones the billing integration tests use.
 */
const stripePort = Number(process.env.E2E_STRIPE_PORT ?? port + 1);
const stripe = {
  STRIPE_SECRET_KEY: "sk_test_e2e_fake_stripe",
  STRIPE_WEBHOOK_SECRET: "whsec_e2e_fake_stripe_signing",
  // Customers paying operators (Connect): the Connect endpoint's own secret (e2e/payments.spec.ts).
  STRIPE_CONNECT_WEBHOOK_SECRET: "whsec_e2e_fake_stripe_connect",
};
const stripePrices = {
  STRIPE_PRICE_STARTER_MONTHLY: "price_starter_month",
  STRIPE_PRICE_STARTER_YEARLY: "price_starter_year",
  STRIPE_PRICE_GROWTH_MONTHLY: "price_growth_month",
  STRIPE_PRICE_GROWTH_YEARLY: "price_growth_year",
  STRIPE_PRICE_SCALE_MONTHLY: "price_scale_month",
  STRIPE_PRICE_SCALE_YEARLY: "price_scale_year",
};

/**
 * The PMS integration runs against local fakes of storEDGE (tests/fakes/storedge-server.ts) and Stora
 * (tests/fakes/stora-server.ts), a third and fourth web server: Settings > Integrations connects to
 * them with these credentials and syncs their one facility each. Nothing ever reaches a real PMS.
 */
const storedgePort = Number(process.env.E2E_STOREDGE_PORT ?? port + 2);
const storaPort = Number(process.env.E2E_STORA_PORT ?? port + 3);

export default defineConfig({
  testDir: "e2e",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // In CI the log is all that is kept: the failed test's page is printed there (page-snapshot-reporter).
  reporter: process.env.CI ? [["list"], ["./e2e/page-snapshot-reporter.ts"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    // A trace records a screencast of every test, passed or not: a quarter of the browser tests' CPU
    // (the browser's and GPU process's), for a file CI's run never keeps. Locally it stays for failures.
    trace: process.env.CI ? "off" : "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: "npx tsx tests/fakes/stripe-server.ts",
      // Any answer means it is up (401 here: no API key).
      url: `http://127.0.0.1:${stripePort}/v1/customers`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        ...stripe,
        STRIPE_FAKE_PORT: String(stripePort),
        STRIPE_FAKE_WEBHOOK_URL: `${baseURL}/api/stripe/webhook`,
        STRIPE_FAKE_CONNECT_WEBHOOK_URL: `${baseURL}/api/stripe/connect-webhook`,
      },
    },
    {
      command: "npx tsx tests/fakes/storedge-server.ts",
      // Any answer means it is up (401 here: the request is not signed).
      url: `http://127.0.0.1:${storedgePort}/v1/${STOREDGE_E2E.facilityId}/info`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        STOREDGE_FAKE_PORT: String(storedgePort),
        STOREDGE_FAKE_KEY: STOREDGE_E2E.key,
        STOREDGE_FAKE_SECRET: STOREDGE_E2E.secret,
        STOREDGE_FAKE_FACILITY: STOREDGE_E2E.facilityId,
        STOREDGE_FAKE_FACILITY_NAME: STOREDGE_E2E.facilityName,
        STOREDGE_FAKE_PAST_DUE_PHONE: STOREDGE_E2E.pastDue.phone,
      },
    },
    {
      command: "npx tsx tests/fakes/stora-server.ts",
      // Any answer means it is up (401 here: no token).
      url: `http://127.0.0.1:${storaPort}/2025-09/sites`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        STORA_FAKE_PORT: String(storaPort),
        STORA_FAKE_CLIENT_ID: STORA_E2E.clientId,
        STORA_FAKE_CLIENT_SECRET: STORA_E2E.clientSecret,
        STORA_FAKE_SITE_ID: STORA_E2E.siteId,
        STORA_FAKE_SITE_NAME: STORA_E2E.siteName,
      },
    },
    {
      command: "npx tsx server.ts",
      url: `${baseURL}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        NODE_ENV: "production",
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL: baseURL,
        DATA_DIR: ".data/e2e",
        DEMO_SEED: "false",
        LOG_LEVEL: "warn",
        NEXT_TELEMETRY_DISABLED: "1",
        // Every test signs up or in from 127.0.0.1, over 30 of them a few seconds apart: the per-address
        // limit on those routes (30 a minute by default) would refuse the later ones. The limit itself
        // is tested in src/server/auth/auth.integration.test.ts.
        AUTH_RATE_LIMIT_PER_IP: "1000",
        // Collections every 10 s instead of 15 min, so e2e/collections.spec.ts sees a case open.
        COLLECTIONS_SWEEP_SCHEDULE: "*/10 * * * * *",
        ...stripe,
        ...stripePrices,
        STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
        STOREDGE_API_BASE: `http://127.0.0.1:${storedgePort}`,
        STORA_API_BASE: `http://127.0.0.1:${storaPort}`,
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      },
    },
  ],
});
