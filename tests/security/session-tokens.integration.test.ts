import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { auth } from "@/server/auth";
import { hashSessionToken } from "@/server/auth/hashed-session-tokens";
import { authSecret } from "@/server/auth/secret";
import { db } from "@/server/db/client";
import { session } from "@/server/db/schema";
import { makeSignature } from "better-auth/crypto";

import { seedUser, signIn } from "../factories";

/**
 * Issue 20, item 14: session tokens were stored in plain text, so a copy of the database signed
 * anyone in. The session table now holds SHA-256 hashes (src/server/auth/hashed-session-tokens.ts):
 * the browser's token finds its row, the stored value is no token at all, even in a cookie signed
 * with the server's own secret.
 */
const cookieName = "better-auth.session_token";
const tokenOf = (headers: Headers) =>
  decodeURIComponent(/better-auth\.session_token=([^;]+)/.exec(headers.get("cookie")!)![1]!).split(".")[0]!;
const asCookie = async (token: string) =>
  new Headers({
    cookie: `${cookieName}=${encodeURIComponent(`${token}.${await makeSignature(token, authSecret())}`)}`,
  });

describe("session tokens at rest", () => {
  it("the database holds only hashes; a stored value signs nobody in", async () => {
    const u = await seedUser("Hashim");
    const token = tokenOf(u.headers);
    const rows = await db.select().from(session).where(eq(session.userId, u.id));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.token)).toContain(hashSessionToken(token));
    expect(rows.map((r) => r.token)).not.toContain(token);

    // The browser's cookie works; the same cookie carrying a stored value, correctly signed, does not.
    expect((await auth.api.getSession({ headers: await asCookie(token) }))?.user.id).toBe(u.id);
    for (const row of rows) {
      expect(await auth.api.getSession({ headers: await asCookie(row.token) })).toBeNull();
      expect(await auth.api.getSession({ headers: await asCookie(`h:${row.token}`) })).toBeNull();
    }
  });

  it("sessions list, refresh and revocation still work, and the list shows no other session's token", async () => {
    const u = await seedUser("Reva");
    const second = await signIn(u.email);
    const third = await signIn(u.email);
    const listed = await auth.api.listSessions({ headers: u.headers });
    // The caller's own session carries its token (the cookie holds it anyway); the others a handle only.
    expect(listed.map((s) => s.token)).toContain(tokenOf(u.headers));
    expect(listed.map((s) => s.token)).not.toContain(tokenOf(second.headers));
    const handle = listed.find((s) => s.token === `h:${hashSessionToken(tokenOf(second.headers))}`);
    expect(handle).toBeDefined();

    // Revoking by the listed handle signs that browser out, and only it.
    await auth.api.revokeSession({ headers: u.headers, body: { token: handle!.token } });
    expect(await auth.api.getSession({ headers: second.headers })).toBeNull();
    expect(await auth.api.getSession({ headers: u.headers })).not.toBeNull();

    // Revoking the others keeps the caller's own.
    await auth.api.revokeOtherSessions({ headers: u.headers });
    expect(await auth.api.getSession({ headers: third.headers })).toBeNull();
    expect(await auth.api.getSession({ headers: u.headers })).not.toBeNull();

    // A session due for refresh is extended under the same token (the cookie set again holds it, not the hash).
    await db
      .update(session)
      .set({ expiresAt: new Date(Date.now() + 60 * 60 * 1000) })
      .where(eq(session.token, hashSessionToken(tokenOf(u.headers))));
    const refreshed = await auth.api.getSession({ headers: u.headers, returnHeaders: true });
    expect(refreshed.response?.user.id).toBe(u.id);
    const setCookie = refreshed.headers.get("set-cookie") ?? "";
    expect(setCookie).toContain(encodeURIComponent(tokenOf(u.headers)).split("%2E")[0]);
    expect(setCookie).not.toContain(hashSessionToken(tokenOf(u.headers)));
    const [row] = await db
      .select()
      .from(session)
      .where(eq(session.token, hashSessionToken(tokenOf(u.headers))));
    expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 24 * 60 * 60 * 1000);

    // Signing out deletes the row.
    await auth.api.signOut({ headers: u.headers });
    expect(
      await db
        .select()
        .from(session)
        .where(eq(session.token, hashSessionToken(tokenOf(u.headers)))),
    ).toHaveLength(0);
  });

  it("a session stored in plain text before migration 0051 is hashed by it and still signs its browser in", async () => {
    const u = await seedUser("Olga");
    const plain = randomBytes(24).toString("base64url").slice(0, 32);
    await db.execute(
      sql`insert into session (id, token, user_id, expires_at, created_at, updated_at) values (${randomBytes(16).toString("hex")}, ${plain}, ${u.id}, now() + interval '1 day', now(), now())`,
    );
    expect(await auth.api.getSession({ headers: await asCookie(plain) })).toBeNull();
    const migration = readFileSync(
      path.resolve(import.meta.dirname, "../../drizzle/0051_hash_session_tokens.sql"),
      "utf8",
    );
    await db.execute(sql.raw(migration));
    await db.execute(sql.raw(migration)); // twice changes nothing more
    const rows = await db.select().from(session).where(eq(session.userId, u.id));
    expect(rows.map((r) => r.token)).toContain(hashSessionToken(plain));
    expect(rows.map((r) => r.token)).not.toContain(plain);
    expect((await auth.api.getSession({ headers: await asCookie(plain) }))?.user.id).toBe(u.id);
  });
});
