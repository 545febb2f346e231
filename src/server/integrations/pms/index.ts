import { decryptSecret, encryptSecret } from "@/server/auth/encryption";
import type { PmsProvider } from "@/server/db/schema";

import { STOREDGE_DEFAULT_BASE } from "./storedge/client";
import { StoredgeAdapter } from "./storedge/adapter";
import { STORA_DEFAULT_BASE, type StoraCredentials } from "./stora/client";
import { StoraAdapter } from "./stora/adapter";
import { PmsError, type PmsAdapter } from "./types";

/**
 * The PMS integration's front door: builds the provider's adapter for a connection. API base URLs
 * come from the environment only (STOREDGE_API_BASE, STORA_API_BASE: tests and the demo point them at
 * the fakes in tests/fakes/), never from an operator's input, so a connection cannot make us call an
 * arbitrary host.
 */
export type StoredgeSecrets = { consumerKey: string; consumerSecret: string };
export type PmsCredentials =
  { provider: "storedge"; secrets: StoredgeSecrets } | { provider: "stora"; secrets: StoraCredentials };

export interface PmsConnectionLike {
  provider: PmsProvider;
  credentialsEncrypted: string;
  settings: { facilityIds?: string[] };
}

export function pmsApiBase(provider: PmsProvider): string {
  const fromEnv = provider === "storedge" ? process.env.STOREDGE_API_BASE : process.env.STORA_API_BASE;
  if (fromEnv) return fromEnv;
  return provider === "storedge" ? STOREDGE_DEFAULT_BASE : STORA_DEFAULT_BASE;
}

export function encryptCredentials(secrets: StoredgeSecrets | StoraCredentials): string {
  return encryptSecret(JSON.stringify(secrets));
}

/**
 * `budgetMs`: the whole operation's budget, from now. Every request the operation makes (a token,
 * each facility, a convert and its fallback, an order and its reserve) shares it, so a booking inside
 * a voice turn, or a lookup inside one, never waits longer than that however many calls it takes.
 * Without it each request gets DEFAULT_PMS_TIMEOUT_MS (a sync's many pages). Build one adapter per
 * operation.
 */
export function buildAdapter(
  provider: PmsProvider,
  secrets: StoredgeSecrets | StoraCredentials,
  settings: { facilityIds?: string[] },
  opts: { budgetMs?: number } = {},
): PmsAdapter {
  const deadline = opts.budgetMs === undefined ? null : Date.now() + opts.budgetMs;
  if (provider === "storedge") {
    const s = secrets as StoredgeSecrets;
    return new StoredgeAdapter({
      consumerKey: s.consumerKey,
      consumerSecret: s.consumerSecret,
      facilityIds: settings.facilityIds ?? [],
      baseUrl: pmsApiBase("storedge"),
      deadline,
    });
  }
  return new StoraAdapter({
    credentials: secrets as StoraCredentials,
    baseUrl: pmsApiBase("stora"),
    deadline,
  });
}

/**
 * The connection's stored credentials. A value that does not decrypt (encrypted under another
 * ENCRYPTION_KEY, or damaged) is a PmsError "credentials": retrying cannot fix it, the operator must
 * enter the credentials again, so callers stop and say so instead of failing the same way forever.
 */
export function readCredentials(connection: Pick<PmsConnectionLike, "credentialsEncrypted">) {
  try {
    return JSON.parse(decryptSecret(connection.credentialsEncrypted)) as StoredgeSecrets | StoraCredentials;
  } catch {
    throw new PmsError("credentials", "The stored PMS credentials cannot be decrypted.");
  }
}

export function adapterFor(connection: PmsConnectionLike, opts: { budgetMs?: number } = {}): PmsAdapter {
  return buildAdapter(connection.provider, readCredentials(connection), connection.settings, opts);
}

export { PmsError, describePmsError } from "./types";
export type { PmsAdapter } from "./types";
