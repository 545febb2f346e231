import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { env } from "@/env";

/**
 * BETTER_AUTH_SECRET signs sessions. When it is not configured we create a random one once and keep
 * it in DATA_DIR, so sessions survive restarts and every process on this machine agrees on it.
 */
export function authSecret(): string {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  const file = path.resolve(env.DATA_DIR, "auth-secret");
  // Read once per file: every Twilio webhook derives its signing key from it.
  const known = fileSecrets.get(file);
  if (known) return known;
  const secret = fileSecret(file);
  fileSecrets.set(file, secret);
  return secret;
}

const fileSecrets = new Map<string, string>();

function fileSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  } catch {
    return readFileSync(file, "utf8").trim(); // another process wrote it first
  }
  return secret;
}
