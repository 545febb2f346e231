import { createHash } from "node:crypto";

import { tryGetCurrentAuthEndpointContext } from "@better-auth/core/context";
import type { BetterAuthOptions } from "better-auth";
import type { DBAdapter, Where } from "better-auth/adapters";

/**
 * Session tokens are stored hashed (issue 20, item 14): the `session.token` column holds the SHA-256
 * (hex) of the token the browser's cookie carries, so a copy of the database (a backup, a leak, a
 * read-only SQL injection) holds no token that signs anyone in. Better Auth has no option for it, so
 * its database adapter is wrapped: for the session model only,
 *
 * - a session created stores the hash and hands Better Auth the token itself (for the cookie);
 * - a lookup, update or delete by token compares hashes;
 * - rows read back carry the token the caller asked with. Rows read without it (the session list of
 *   Settings > Security) carry a handle, `h:<hash>`, except the caller's own session, whose token
 *   the request's cookie already holds. A handle is honoured only by the endpoints that revoke
 *   sessions (/revoke-session, /revoke-other-sessions): anywhere else, above all as a cookie, it is
 *   hashed again and matches nothing. (A cookie is signed with BETTER_AUTH_SECRET besides.)
 *
 * A token is 32 random characters, so a plain SHA-256 suffices (no salt or slow hash: nothing to
 * guess), and the migration (0051) could hash the existing rows in SQL: sessions survive it.
 */
const MODEL = "session";
const HANDLE = "h:";
const REVOKING = new Set(["/revoke-session", "/revoke-other-sessions"]);

export const hashSessionToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

type AdapterFactory = (options: BetterAuthOptions) => DBAdapter<BetterAuthOptions>;
type Row = Record<string, unknown> & { token?: unknown };

function endpoint() {
  try {
    return tryGetCurrentAuthEndpointContext();
  } catch {
    return undefined;
  }
}

/** The stored form of a token given by a caller: its hash, or a handle's hash on a revoking endpoint. */
function stored(value: string): string {
  if (value.startsWith(HANDLE)) {
    const path = endpoint()?.path;
    if (path && REVOKING.has(path)) return value.slice(HANDLE.length);
  }
  return hashSessionToken(value);
}

/** The session token this request's cookie holds (its signature is Better Auth's business), or null. */
function cookieToken(): string | null {
  const ctx = endpoint();
  if (!ctx) return null;
  const name = ctx.context?.authCookies?.sessionToken?.name;
  const headers = ctx.headers ?? ctx.request?.headers;
  const cookie = headers?.get("cookie");
  if (!name || !cookie) return null;
  for (const part of cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    const value = decodeURIComponent(rest.join("="));
    const dot = value.lastIndexOf(".");
    return dot > 0 ? value.slice(0, dot) : value;
  }
  return null;
}

/** Known plain tokens by hash: those the caller asked with, and the request's own cookie's. */
class Presenter {
  private readonly known = new Map<string, string>();
  private cookieChecked = false;

  remember(where: Where[] | undefined): Where[] | undefined {
    return where?.map((w) => {
      if (w.field !== "token") return w;
      if (typeof w.value === "string") return { ...w, value: this.note(w.value) };
      if (Array.isArray(w.value)) return { ...w, value: (w.value as string[]).map((v) => this.note(String(v))) };
      return w;
    });
  }

  private note(plain: string): string {
    const hash = stored(plain);
    if (!plain.startsWith(HANDLE)) this.known.set(hash, plain);
    return hash;
  }

  present<T>(row: T): T {
    if (!row || typeof row !== "object") return row;
    const r = row as Row;
    if (typeof r.token !== "string") return row;
    if (!this.cookieChecked) {
      this.cookieChecked = true;
      const own = cookieToken();
      if (own) this.known.set(hashSessionToken(own), own);
    }
    return { ...r, token: this.known.get(r.token) ?? `${HANDLE}${r.token}` } as T;
  }
}

function hashTokenInData<T extends Record<string, unknown>>(data: T): T {
  return typeof data.token === "string" ? { ...data, token: hashSessionToken(data.token) } : data;
}

function wrap<A extends Omit<DBAdapter<BetterAuthOptions>, "transaction">>(inner: A): A {
  const isSession = (model: string) => model === MODEL;
  return {
    ...inner,
    create: async (input) => {
      if (!isSession(input.model)) return inner.create(input);
      const plain = (input.data as Row).token;
      const created = await inner.create({ ...input, data: hashTokenInData(input.data as Record<string, unknown>) });
      return typeof plain === "string" && created && typeof created === "object"
        ? ({ ...(created as Row), token: plain } as typeof created)
        : created;
    },
    findOne: async (input) => {
      if (!isSession(input.model)) return inner.findOne(input);
      const p = new Presenter();
      return p.present(await inner.findOne({ ...input, where: p.remember(input.where)! }));
    },
    findMany: async (input) => {
      if (!isSession(input.model)) return inner.findMany(input);
      const p = new Presenter();
      const rows = await inner.findMany({ ...input, where: p.remember(input.where) });
      return rows.map((row) => p.present(row));
    },
    count: async (input) =>
      isSession(input.model)
        ? inner.count({ ...input, where: new Presenter().remember(input.where) })
        : inner.count(input),
    update: async (input) => {
      if (!isSession(input.model)) return inner.update(input);
      const p = new Presenter();
      return p.present(
        await inner.update({ ...input, where: p.remember(input.where)!, update: hashTokenInData(input.update) }),
      );
    },
    updateMany: async (input) =>
      isSession(input.model)
        ? inner.updateMany({
            ...input,
            where: new Presenter().remember(input.where)!,
            update: hashTokenInData(input.update),
          })
        : inner.updateMany(input),
    delete: async (input) =>
      isSession(input.model)
        ? inner.delete({ ...input, where: new Presenter().remember(input.where)! })
        : inner.delete(input),
    deleteMany: async (input) =>
      isSession(input.model)
        ? inner.deleteMany({ ...input, where: new Presenter().remember(input.where)! })
        : inner.deleteMany(input),
    consumeOne: async (input) => {
      if (!isSession(input.model)) return inner.consumeOne(input);
      const p = new Presenter();
      return p.present(await inner.consumeOne({ ...input, where: p.remember(input.where)! }));
    },
  };
}

/** `factory` (drizzleAdapter(...)) with session tokens stored hashed, in and out of transactions. */
export function withHashedSessionTokens(factory: AdapterFactory): AdapterFactory {
  return (options) => {
    const inner = factory(options);
    const wrapped = wrap(inner);
    return {
      ...wrapped,
      transaction: (callback) => inner.transaction((trx) => callback(wrap(trx))),
    } as DBAdapter<BetterAuthOptions>;
  };
}
