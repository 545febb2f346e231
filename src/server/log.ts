import { env } from "@/env";
import { logContextFields } from "@/server/observability/context";
import { scrubErrorText } from "@/server/observability/scrub";

/**
 * Structured JSON logs, one object a line. Keys that look like secrets are redacted wherever they
 * appear, so a careless `log.info({ headers })` never writes a token or password.
 */
type Fields = Record<string, unknown>;
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|signature|card|cvc|gate[-_]?code/i;

/** Errors logged as objects keep only their name, code, scrubbed message and stack, and cause (./observability/scrub.ts). */
function errorFields(err: Error, depth: number): Fields {
  const code = (err as { code?: unknown }).code;
  return {
    name: err.name,
    message: scrubErrorText(err.message),
    ...(typeof code === "string" ? { code } : {}),
    ...(err.stack ? { stack: scrubErrorText(err.stack) } : {}),
    ...(err.cause !== undefined ? { cause: redact(err.cause, depth + 1) } : {}),
  };
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubErrorText(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return errorFields(value, depth);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Fields = {};
  for (const [k, v] of Object.entries(value as Fields)) {
    out[k] = SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1);
  }
  return out;
}

function write(level: Level, fields: Fields | string, msg?: string) {
  if (LEVELS[level] < LEVELS[env.LOG_LEVEL]) return;
  const base = typeof fields === "string" ? { msg: scrubErrorText(fields) } : { ...(redact(fields) as Fields), msg };
  // The current request id (and trace id) ride along; fields the caller passes win.
  const line = JSON.stringify({ time: new Date().toISOString(), level, ...logContextFields(), ...base });
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

export const log = {
  debug: (f: Fields | string, msg?: string) => write("debug", f, msg),
  info: (f: Fields | string, msg?: string) => write("info", f, msg),
  warn: (f: Fields | string, msg?: string) => write("warn", f, msg),
  error: (f: Fields | string, msg?: string) => write("error", f, msg),
};
