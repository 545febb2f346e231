// @next/env is a bundled CommonJS file: Node's ESM loader (tsx: server.ts, scripts) cannot see its
// named exports and puts them under `default`, while Next's config loader and Vitest expose them
// directly. Take whichever shape this loader produced.
import * as nextEnvModule from "@next/env";

const nextEnv = nextEnvModule as typeof nextEnvModule & { default?: typeof nextEnvModule };
const { loadEnvConfig } = typeof nextEnv.loadEnvConfig === "function" ? nextEnv : nextEnv.default!;
import { z } from "zod";

import { publicUrlFrom } from "./lib/public-url";

// server.ts and the CLIs run outside Next, so load .env / .env.local the way Next does (never overriding real env).
loadEnvConfig(process.cwd(), process.env.NODE_ENV !== "production", { info: () => {}, error: console.error });

/**
 * Every configuration variable, validated once at start-up (and at build, through next.config.ts).
 * Optional integrations parse to `null` when unconfigured so "not configured" is a state the code
 * handles, never a crash. `.env.example` documents each variable.
 */
const optionalUrl = z.string().url().optional();
const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Unset: http://localhost:<PORT>, so a second copy on another port links to itself. */
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  /** Connections per app process (src/server/db/client.ts reads it when the pool is first used). */
  DATABASE_POOL_MAX: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1000).default(10)),
  /** A streaming replica of DATABASE_URL for analytics, reports, exports and lists (src/server/db/replica.ts). */
  DATABASE_REPLICA_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  /** Replica reads go to the primary while the replica is further behind than this. */
  REPLICA_MAX_LAG_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().min(0).max(86_400).default(10)),
  /** Graceful shutdown (docs/deploy.md): how long /api/ready answers 503 before the listener closes (SIGTERM only). */
  SHUTDOWN_READINESS_DELAY_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(0).max(120_000).default(3000),
  ),
  /** Then, at most this long for requests in flight and ConversationRelay turns to finish. */
  SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(600_000).default(15_000)),
  /** Then, at most this long for the workflows running in the process before they are handed back. */
  SHUTDOWN_WORKFLOW_TIMEOUT_MS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(0).max(600_000).default(5000),
  ),
  /** `npm run worker` only: serve /api/health and /api/ready on this port for probes (unset: none). */
  WORKER_HEALTH_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).optional()),
  /** "true" only behind a proxy that sets X-Forwarded-For: rate limits then key on its first entry (server.ts). */
  TRUST_PROXY: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
  DATA_DIR: z.string().default(".data"),
  BETTER_AUTH_SECRET: z.preprocess(
    emptyToUndefined,
    z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
  ),
  SMTP_URL: z.preprocess(emptyToUndefined, optionalUrl),
  EMAIL_FROM: z.string().default("Storage Agent <no-reply@storage-agent.local>"),
  DEMO_SEED: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).optional()),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  AUTH_RATE_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
  /** 32 bytes, base64 or hex: encrypts gate codes at rest. Unset: a key is generated in DATA_DIR. */
  ENCRYPTION_KEY: z.preprocess(
    emptyToUndefined,
    z.string().min(32, "ENCRYPTION_KEY must be 32 bytes as base64 or hex").optional(),
  ),
  /** Failed sign-ins an account takes from unknown browsers before they wait (src/server/auth/sign-in-throttle.ts). */
  AUTH_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  // Twilio (docs/twilio.md). Without the SID and token, numbers can still be attached by hand and
  // outbound texts land in the outbox. TWILIO_API_BASE points every REST call elsewhere (a local fake).
  TWILIO_ACCOUNT_SID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, "TWILIO_ACCOUNT_SID looks like AC followed by 32 hex digits")
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16).optional()),
  TWILIO_API_BASE: z.preprocess(emptyToUndefined, optionalUrl),
  // Realtime (docs/twilio.md, "Live view"): Pusher Channels when all of APP_ID, KEY and SECRET are set,
  // otherwise Server-Sent Events fed by Postgres LISTEN/NOTIFY. PUSHER_HOST: host[:port] or URL (Soketi, a fake).
  PUSHER_APP_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  PUSHER_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  PUSHER_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  PUSHER_CLUSTER: z.preprocess(emptyToUndefined, z.string().optional()),
  PUSHER_HOST: z.preprocess(emptyToUndefined, z.string().optional()),
  // Stripe billing (docs/billing.md). Without STRIPE_SECRET_KEY billing is "not configured" and every
  // organization gets the unlimited plan. STRIPE_API_BASE points the SDK at a local fake in tests.
  STRIPE_SECRET_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  // Customers paying operators (docs/payments.md): the Connect endpoint's signing secret.
  STRIPE_CONNECT_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_API_BASE: z.preprocess(emptyToUndefined, optionalUrl),
  STRIPE_PRICE_STARTER_MONTHLY: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_PRICE_STARTER_YEARLY: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_PRICE_GROWTH_MONTHLY: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_PRICE_GROWTH_YEARLY: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_PRICE_SCALE_MONTHLY: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_PRICE_SCALE_YEARLY: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_PRICE_STARTER_USAGE: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_PRICE_GROWTH_USAGE: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_PRICE_SCALE_USAGE: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_METER_CALL_MINUTES: z.preprocess(emptyToUndefined, z.string().optional()),
  STRIPE_METER_MESSAGES: z.preprocess(emptyToUndefined, z.string().optional()),
  // Public REST API (docs/api.md): requests per API key per minute.
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  // Web chat widget (docs/web-chat.md): requests per visitor IP per minute, and messages per conversation per minute.
  CHAT_RATE_LIMIT_PER_IP: z.coerce.number().int().positive().default(60),
  CHAT_RATE_LIMIT_PER_CONVERSATION: z.coerce.number().int().positive().default(12),
  // Monitoring (docs/operations.md). Without METRICS_TOKEN, /metrics answers 404; without an OTLP
  // endpoint, tracing stays off.
  METRICS_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  ),
  /** Whoever runs the service: failing consistency checks are e-mailed here (docs/operations.md). */
  OPS_ALERT_EMAIL: z.preprocess(emptyToUndefined, z.string().email().optional()),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(emptyToUndefined, optionalUrl),
  OTEL_EXPORTER_OTLP_HEADERS: z.preprocess(emptyToUndefined, z.string().optional()),
  OTEL_SERVICE_NAME: z.preprocess(emptyToUndefined, z.string().default("storage-agent")),
  /**
   * Host names and CIDR ranges (comma-separated) that organization-chosen URLs (webhook endpoints, an
   * organization's LLM base URL) may reach although private (src/server/http/outbound-guard.ts).
   * Unset: none in production; localhost, 127.0.0.1 and ::1 elsewhere, for local receivers.
   */
  OUTBOUND_ALLOWLIST: z.preprocess(emptyToUndefined, z.string().optional()),
  // Agent LLM brain (docs/agent.md). Without OPENAI_API_KEY the default brain answers every turn.
  // OPENAI_BASE_URL points at any OpenAI-compatible server (Azure, Ollama, vLLM, a local fake).
  OPENAI_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  OPENAI_BASE_URL: z.preprocess(emptyToUndefined, optionalUrl),
  OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default("gpt-4o-mini")),
  /** Per-turn budget for the model; after it the default brain takes the turn. */
  AGENT_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4000),
  /** Budget for the model's after-conversation summary; after it the summary is built from the turns. */
  AGENT_LLM_SUMMARY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Model prices in US dollars per million tokens, for the cost recorded on each conversation. */
  OPENAI_INPUT_USD_PER_MTOK: z.coerce.number().min(0).default(0.15),
  OPENAI_OUTPUT_USD_PER_MTOK: z.coerce.number().min(0).default(0.6),
  // Property management systems (docs/integrations.md). API bases point the adapters at another host
  // (tests and the demo use the fakes in tests/fakes/); operators never choose a host.
  STOREDGE_API_BASE: z.preprocess(emptyToUndefined, optionalUrl),
  STORA_API_BASE: z.preprocess(emptyToUndefined, optionalUrl),
  /**
   * Development only: `storedge` or `stora` starts a local fake of that PMS in the server process and
   * connects the demo organization to it (src/server/demo/pms.ts, docs/integrations.md).
   */
  DEMO_PMS: z.preprocess(emptyToUndefined, z.enum(["storedge", "stora"]).optional()),
  /**
   * When the collections sweep runs (crontab, 5 fields or 6 with seconds first; default every 15
   * minutes, docs/payments.md). An operator wanting past-due tenants seen sooner can run it more often;
   * the end-to-end server runs it every 10 seconds so a browser test sees a case open.
   */
  COLLECTIONS_SWEEP_SCHEDULE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\S+( \S+){4,5}$/, "COLLECTIONS_SWEEP_SCHEDULE must be a crontab of 5 or 6 fields")
      .default("*/15 * * * *"),
  ),
  /** How long a booking waits for the PMS to accept it before holding it locally as "pending PMS". */
  PMS_BOOKING_BUDGET_MS: z.coerce.number().int().min(100).max(30_000).default(1500),
  // Durable workflows (docs/workflows.md); src/server/jobs/config.ts reads them when a process launches DBOS.
  DBOS_SYSTEM_SCHEMA: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, "DBOS_SYSTEM_SCHEMA must be a lower-case identifier")
      .optional(),
  ),
  DBOS_APP_NAME: z.preprocess(emptyToUndefined, z.string().optional()),
  DBOS_EXECUTOR_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  DBOS_APP_VERSION: z.preprocess(emptyToUndefined, z.string().optional()),
  DBOS_POOL_SIZE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(2).max(100).optional()),
  WORKFLOW_TIME_SCALE: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(1).optional()),
  DISABLE_SCHEDULES: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).optional()),
  /** Executor-id prefix of server.ts's workflows (default server; `npm run worker` uses worker). */
  WORKFLOW_ROLE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,30}$/, "WORKFLOW_ROLE must be a short lower-case name")
      .optional(),
  ),
});

/** The schema, for the check that .env.example documents every variable and its default (src/env.test.ts). */
export const envSchema = schema;

export type Env = z.infer<typeof schema> & { PUBLIC_URL: string };

function parseEnv(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
  }
  return { ...parsed.data, PUBLIC_URL: publicUrlFrom(parsed.data) };
}

export const env = parseEnv();
