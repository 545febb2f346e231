import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import { db, type Executor } from "@/server/db/client";
import { API_KEY_SCOPES, apiKey, type ApiKeyScope } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { notFound } from "@/server/domain/errors";

/**
 * API keys: `sa_live_<43 base64url chars>` (32 random bytes). Only a SHA-256 of the whole key is
 * stored; the first characters are kept as `prefix`, shown in the UI and used to find the row, and
 * the hash is then compared in constant time.
 */
export const KEY_PREFIX = "sa_live_";
const KEY_PATTERN = /^sa_live_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = KEY_PREFIX.length + 8;

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Choose at least one scope.").max(2),
});
export const ZApiKeyId = z.object({ id: z.uuid() });

export const hashKey = (key: string) => createHash("sha256").update(key).digest();

export function generateKey() {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, prefix: key.slice(0, PREFIX_LENGTH), secretHash: hashKey(key).toString("hex") };
}

const publicColumns = {
  id: apiKey.id,
  name: apiKey.name,
  prefix: apiKey.prefix,
  scopes: apiKey.scopes,
  createdByUserId: apiKey.createdByUserId,
  lastUsedAt: apiKey.lastUsedAt,
  revokedAt: apiKey.revokedAt,
  createdAt: apiKey.createdAt,
};

export function listApiKeys(tx: Executor, organizationId: string) {
  return tx
    .select(publicColumns)
    .from(apiKey)
    .where(eq(apiKey.organizationId, organizationId))
    .orderBy(desc(apiKey.createdAt));
}

/** Returns the key in full: the only time it is ever available. */
export async function createApiKey(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: z.input<typeof ZCreateApiKey>,
) {
  const v = ZCreateApiKey.parse(input);
  const scopes = [...new Set(v.scopes)].sort() as ApiKeyScope[];
  const { key, prefix, secretHash } = generateKey();
  const [row] = await tx
    .insert(apiKey)
    .values({ organizationId, name: v.name, prefix, secretHash, scopes, createdByUserId: actor.userId ?? null })
    .returning(publicColumns);
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "api_key.created",
    targetType: "api_key",
    targetId: row!.id,
    data: { name: v.name, prefix, scopes },
  });
  return { ...row!, key };
}

export async function revokeApiKey(tx: Executor, organizationId: string, actor: Actor, id: string) {
  const [row] = await tx
    .update(apiKey)
    .set({ revokedAt: sql`coalesce(${apiKey.revokedAt}, now())` })
    .where(and(eq(apiKey.organizationId, organizationId), eq(apiKey.id, id)))
    .returning(publicColumns);
  if (!row) throw notFound("API key");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "api_key.revoked",
    targetType: "api_key",
    targetId: id,
    data: { name: row.name, prefix: row.prefix },
  });
  return row;
}

export interface AuthenticatedKey {
  id: string;
  organizationId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
}

/**
 * The key from an `Authorization: Bearer` header, or null when it is missing, malformed, unknown
 * or revoked (callers answer 401 alike, so nothing tells these apart). Runs on the system
 * connection: the organization is what we are finding out.
 */
export async function authenticateApiKey(authorization: string | null): Promise<AuthenticatedKey | null> {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? "");
  const key = match?.[1];
  if (!key || !KEY_PATTERN.test(key)) return null;
  const [row] = await db
    .select()
    .from(apiKey)
    .where(eq(apiKey.prefix, key.slice(0, PREFIX_LENGTH)));
  if (!row) return null;
  const stored = Buffer.from(row.secretHash, "hex");
  const given = hashKey(key);
  if (stored.length !== given.length || !timingSafeEqual(stored, given) || row.revokedAt) return null;
  // Cheap usage tracking: at most one write a minute per key, whatever the request rate.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db
      .update(apiKey)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKey.id, row.id),
          or(isNull(apiKey.lastUsedAt), lt(apiKey.lastUsedAt, sql`now() - interval '1 minute'`)),
        ),
      );
  }
  return { id: row.id, organizationId: row.organizationId, name: row.name, prefix: row.prefix, scopes: row.scopes };
}
