import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { env } from "@/env";

/**
 * Secrets we must read back (gate codes, an organization's LLM and PMS credentials) are stored
 * encrypted (AES-256-GCM, random 96-bit IV, authenticated) and decrypted only when needed. The key
 * comes from ENCRYPTION_KEY or, in development, from a key generated once in DATA_DIR (as ./secret.ts
 * does for the session secret).
 */
let cachedKey: Buffer | null = null;

function decodeKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (key.length !== 32) throw new Error("ENCRYPTION_KEY must decode to exactly 32 bytes (base64 or hex)");
  return key;
}

export function encryptionKey(): Buffer {
  if (cachedKey) return cachedKey;
  if (env.ENCRYPTION_KEY) return (cachedKey = decodeKey(env.ENCRYPTION_KEY));
  const file = path.resolve(env.DATA_DIR, "encryption-key");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600, flag: "wx" });
    } catch {
      // another process wrote it first: read theirs below
    }
  }
  return (cachedKey = decodeKey(readFileSync(file, "utf8").trim()));
}

export function encryptSecret(plain: string, key: Buffer = encryptionKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url")).join(".");
}

export function decryptSecret(stored: string, key: Buffer = encryptionKey()): string {
  const [iv, tag, data] = stored.split(".").map((p) => Buffer.from(p, "base64url"));
  if (!iv || !tag || !data) throw new Error("malformed encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}
