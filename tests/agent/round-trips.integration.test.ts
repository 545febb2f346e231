// The counter wraps pg's Client.query before the pool opens its first connection.
import { sentIn, type Sent } from "../round-trips";

import { AsyncLocalStorage } from "node:async_hooks";
import net from "node:net";

import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { receiveSms } from "@/server/channels/sms/receive-sms";
import {
  commitWithLastStatements,
  createDbState,
  databaseUrl,
  db,
  TENANT_ROLE,
  withOrg,
  withOrgOn,
} from "@/server/db/client";
import { phoneNumber } from "@/server/db/schema";
import { routeByNumber } from "@/server/telephony/numbers";

import { seedOrganization, unique } from "../factories";
import { inboundSmsParams, randomUsNumber } from "../twilio-webhooks";
import { OPEN_NOW, seedAgentFacility } from "./seed";

/**
 * Round trips, a figure a busy machine cannot inflate (docs/agent.md, Performance): withOrg writes
 * BEGIN (with the tenant role and the organization) and the transaction's first statement on the
 * socket together (pg's pipeline mode), so BEGIN costs no round trip of its own. These fail if a
 * change puts it back on its own round trip, or lets a statement run outside the transaction.
 */
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; sent: Sent }> {
  const sent: Sent = { statements: 0, roundTrips: 0 };
  const result = await sentIn.run(sent, fn);
  return { result, sent };
}

type Row = Record<string, unknown>;
const rowsOf = (r: unknown) => (r as { rows: Row[] }).rows;

describe("round trips of a tenant transaction", () => {
  it("BEGIN rides with the first statement, which runs in the transaction as the tenant", async () => {
    const org = unique("org-rt");
    // pg's supported pipeline mode, not a query queued behind a busy client (which pg 8 deprecates,
    // pg 9 removes, and which would wait for BEGIN's answer anyway).
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    const { result, sent } = await counted(() =>
      withOrg(org, async (tx) => {
        const first = rowsOf(
          await tx.execute(
            sql`select txid_current()::text as x, current_user as role, current_setting('app.organization_id', true) as org`,
          ),
        )[0]!;
        const second = rowsOf(await tx.execute(sql`select txid_current()::text as x`))[0]!;
        return { first, second };
      }),
    );
    await new Promise((r) => setImmediate(r)); // process warnings are emitted on the next tick
    process.off("warning", onWarning);
    expect(result.first).toEqual({ x: result.second.x, role: TENANT_ROLE, org });
    // BEGIN + the first select, the second select, COMMIT.
    expect(sent).toEqual({ statements: 4, roundTrips: 3 });
    expect(warnings.filter((w) => /client\.query|pg@9/.test(w))).toEqual([]);
  });

  it("a first statement that fails rolls the transaction back, and the connection serves the next one", async () => {
    const org = unique("org-rt");
    // More transactions than the pool has connections, so one reuses the failed one's connection.
    for (let i = 0; i < 12; i++) {
      const failed = await withOrg(org, (tx) => tx.execute(sql`select 1 / 0`)).then(
        () => null,
        (err: Error) => err,
      );
      // drizzle names the query and keeps Postgres's error as the cause.
      expect(String((failed?.cause as Error | undefined)?.message ?? failed)).toMatch(/division by zero/);
      const after = rowsOf(
        await withOrg(org, (tx) => tx.execute(sql`select current_user as role, txid_current_if_assigned() as x`)),
      )[0]!;
      expect(after).toEqual({ role: TENANT_ROLE, x: null });
    }
  });

  it("a BEGIN that fails (the role cannot be taken) stops the statements written behind it", async () => {
    // A login role that is not allowed to become the tenant role: SET LOCAL ROLE fails inside the
    // BEGIN message, after BEGIN itself, so the statement pipelined behind it meets an aborted
    // transaction and never runs, as itself or as anyone else.
    // With a password: the embedded server (npm test without DATABASE_URL) asks for one.
    const role = "sa_round_trip_outsider";
    const password = "round-trip-outsider";
    await db.execute(
      sql.raw(
        `do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role} login; end if; end $$; alter role ${role} password '${password}'`,
      ),
    );
    const url = new URL(databaseUrl());
    url.username = role;
    url.password = password;
    const target = createDbState(url.toString(), 1);
    try {
      const org = unique("org-rt");
      await expect(
        withOrgOn(target, org, (tx) => tx.execute(sql`create temporary table round_trip_probe (id int)`)),
      ).rejects.toThrow(/permission denied to set role/);
      // The same (only) connection: the table was never created, and it is not left in a transaction.
      const probe = await target.pool.query<{ t: string | null; tx: string }>(
        "select to_regclass('pg_temp.round_trip_probe')::text as t, txid_current_if_assigned()::text as tx",
      );
      expect(probe.rows[0]).toEqual({ t: null, tx: null });
    } finally {
      await target.pool.end();
    }
  });
});

describe("COMMIT behind the last statement (commitWithLastStatements)", () => {
  const probe = "round_trip_commit_probe";
  const setUp = async () => {
    await db.execute(
      sql.raw(
        `create table if not exists ${probe} (org text not null, n int not null); grant select, insert on ${probe} to ${TENANT_ROLE}`,
      ),
    );
  };
  const rows = async (org: string) =>
    rowsOf(await db.execute(sql`select n from ${sql.identifier(probe)} where org = ${org} order by n`)).map((r) => r.n);
  const insert = (tx: Parameters<Parameters<typeof withOrg>[1]>[0], org: string, n: number | string) =>
    tx.execute(sql`insert into ${sql.identifier(probe)} (org, n) values (${org}, ${n})`);

  it("one round trip fewer: the last statements and COMMIT share theirs, and the writes are committed", async () => {
    await setUp();
    const org = unique("org-rt");
    const { sent } = await counted(() =>
      withOrg(org, async (tx) => {
        await insert(tx, org, 1);
        commitWithLastStatements(tx, 2);
        await Promise.all([insert(tx, org, 2), insert(tx, org, 3)]);
      }),
    );
    // BEGIN + the first insert | the two inserts + COMMIT.
    expect(sent).toEqual({ statements: 5, roundTrips: 2 });
    expect(await rows(org)).toEqual([1, 2, 3]);
  });

  it("a last statement that fails rolls everything back, also when the function catches its error", async () => {
    await setUp();
    const org = unique("org-rt");
    await expect(
      withOrg(org, async (tx) => {
        await insert(tx, org, 1);
        commitWithLastStatements(tx);
        await insert(tx, org, "not a number");
      }),
    ).rejects.toThrow();
    await expect(
      withOrg(org, async (tx) => {
        await insert(tx, org, 1);
        commitWithLastStatements(tx);
        await insert(tx, org, "not a number").catch(() => null);
      }),
    ).rejects.toThrow(/rolled back/);
    expect(await rows(org)).toEqual([]);
    // The connections still serve transactions.
    for (let i = 0; i < 12; i++) await withOrg(org, (tx) => tx.execute(sql`select 1`));
  });

  it("a statement after the COMMIT was written is refused, never run outside the transaction", async () => {
    await setUp();
    const org = unique("org-rt");
    const refused = await withOrg(org, async (tx) => {
      commitWithLastStatements(tx);
      await insert(tx, org, 1);
      await insert(tx, org, 2);
    }).then(
      () => null,
      (err: Error) => err,
    );
    // drizzle names the query and keeps the cause.
    expect(String((refused?.cause as Error | undefined)?.message ?? refused)).toMatch(/after its transaction's COMMIT/);
    expect(await rows(org)).toEqual([1]);
  });

  it("does nothing in a savepoint", async () => {
    await setUp();
    const org = unique("org-rt");
    const { sent } = await counted(() =>
      withOrg(org, async (tx) => {
        await tx.transaction(async (sp) => {
          commitWithLastStatements(sp);
          await insert(sp, org, 1);
        });
        await insert(tx, org, 2);
      }),
    );
    // BEGIN + SAVEPOINT | insert | RELEASE | insert | COMMIT.
    expect(sent).toEqual({ statements: 6, roundTrips: 5 });
    expect(await rows(org)).toEqual([1, 2]);
  });
});

describe("round trips of an agent turn", () => {
  it("a call's turn that only talks: four statements in two round trips", async () => {
    const org = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id);
    const start = await startConversation({
      organizationId: org.id,
      channel: "voice",
      facilityId: facility.id,
      fromAddress: "+15125550199",
      now: OPEN_NOW,
    });
    const turn = (text: string) =>
      counted(() =>
        respond({
          organizationId: org.id,
          conversationId: start.conversationId,
          text,
          now: OPEN_NOW,
          brain: "default",
        }),
      );
    // The first turn fills the organization's config caches.
    await turn("what are your office hours");
    const { result, sent } = await turn("what are your office hours");
    // Read from the facts cache: the tool sends nothing.
    expect(result.actions.map((a) => a.name)).toEqual(["facility_info"]);
    // BEGIN with the row lock; the turn's store with COMMIT behind it.
    expect(sent).toEqual({ statements: 4, roundTrips: 2 });
    // And each round trip is one write on the socket (one syscall, one wake-up of the backend):
    // BEGIN waits in the buffer for the row lock, the store for its COMMIT.
    const { writes } = await socketWrites(() => turn("what are your office hours"));
    expect(writes).toBe(2);
  });
});

/** Socket writes (syscalls: Node's _write/_writev) made in `fn`'s async context. */
async function socketWrites<T>(fn: () => Promise<T>): Promise<{ result: T; writes: number }> {
  const proto = net.Socket.prototype as unknown as Record<"_write" | "_writev", (...a: unknown[]) => unknown>;
  const original = { _write: proto._write, _writev: proto._writev };
  const mine = {};
  const context = new AsyncLocalStorage<object>();
  let writes = 0;
  for (const key of ["_write", "_writev"] as const)
    proto[key] = function (this: unknown, ...args: unknown[]) {
      if (context.getStore() === mine) writes++;
      return original[key].apply(this, args);
    };
  try {
    const result = await context.run(mine, fn);
    await new Promise((r) => setImmediate(r));
    return { result, writes };
  } finally {
    Object.assign(proto, original);
  }
}

describe("round trips of an inbound text", () => {
  it("a text in an open thread: the store's reads, the insert and the reply's writes each share a round trip", async () => {
    const org = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id);
    const ours = randomUsNumber(512);
    await db
      .insert(phoneNumber)
      .values({ organizationId: org.id, e164: ours, facilityId: facility.id, source: "attached", friendlyName: "rt" });
    const route = await routeByNumber(ours);
    const from = randomUsNumber(650);
    const text = (body: string) => {
      const p = inboundSmsParams({ from, to: ours, body, accountSid: `AC${"0".repeat(32)}` });
      return receiveSms({ MessageSid: p.MessageSid!, From: from, To: ours, Body: body }, route);
    };
    await text("what are your office hours"); // opens the thread, fills the caches
    const { result, sent } = await counted(() => text("what are your office hours"));
    expect(result).toContain("<Message>");
    // Stored: BEGIN + opt-out + open thread | insert + follow-ups + COMMIT. The turn (a text's, so
    // its COMMIT is its own: a message.received webhook may follow the store): 4 in 3. The reply:
    // BEGIN + usage + reply + answered + COMMIT.
    expect(sent).toEqual({ statements: 15, roundTrips: 6 });
  });
});
