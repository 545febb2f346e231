import { transactionKey, type Executor } from "./client";

/**
 * Read-mostly organization data (facility facts, webhook subscriptions) shared across transactions
 * and valid while the organization's config version (org_config_version, bumped by triggers on the
 * tables it is read from) is unchanged. Entries are keyed by organization first, so one
 * organization never reads another's; `maxAgeMs` only bounds memory held for idle organizations.
 */
export class OrgConfigCache {
  private readonly entries = new Map<string, { at: number; version: string; value: unknown }>();

  constructor(
    private readonly maxEntries = 5000,
    private readonly maxAgeMs = 10 * 60_000,
  ) {}

  get<T>(organizationId: string, key: string, version: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
    const k = `${organizationId}|${key}`;
    const hit = this.entries.get(k);
    if (hit && hit.version === version && now - hit.at < this.maxAgeMs) return Promise.resolve(hit.value as T);
    return load().then((value) => {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(k, { at: now, version, value });
      return value;
    });
  }

  forget(organizationId: string) {
    for (const key of this.entries.keys()) if (key.startsWith(`${organizationId}|`)) this.entries.delete(key);
  }
}

/**
 * The config version a transaction has read (the agent engine reads it with the conversation row
 * lock), so code deeper in the turn can use an OrgConfigCache without a query of its own. Keyed by
 * the transaction (transactionKey: its savepoints share it; the next transaction on the same pooled
 * connection, which reuses the drizzle session, does not). Only transactions that do not change the
 * cached tables should remember a version (an agent turn never edits facilities or webhooks).
 */
const known = new WeakMap<object, { organizationId: string; version: string }>();

export function rememberConfigVersion(tx: Executor, organizationId: string, version: string) {
  known.set(transactionKey(tx), { organizationId, version });
}

export function configVersionOf(tx: Executor, organizationId: string): string | null {
  const k = known.get(transactionKey(tx));
  return k && k.organizationId === organizationId ? k.version : null;
}
