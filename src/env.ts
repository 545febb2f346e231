import { z } from "zod";

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
  PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  DATA_DIR: z.string().default(".data"),
  BETTER_AUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional()),
  SMTP_URL: z.preprocess(emptyToUndefined, optionalUrl),
  EMAIL_FROM: z.string().default("Storage Agent <no-reply@storage-agent.local>"),
  DEMO_SEED: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).optional()),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  AUTH_RATE_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
  AUTH_RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
});

export type Env = z.infer<typeof schema>;

function parseEnv(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = parseEnv();
