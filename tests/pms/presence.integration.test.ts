import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { configVersionSql } from "@/server/agent/store/facility-facts";
import { withOrg, type Executor } from "@/server/db/client";
import { configVersionOf, rememberConfigVersion } from "@/server/db/org-config-cache";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { connectPms, disconnectPms } from "@/server/pms/connections";
import { hasLivePms } from "@/server/pms/presence";

import { seedOrganization, type TestOrg } from "../factories";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { ACTOR } from "../inventory/helpers";
import { randomUsNumber } from "../twilio-webhooks";

import { disconnectPmsOf } from "./cleanup";

/**
 * Organizations without a PMS pay nothing for the integration in an agent turn: the PMS subscriber
 * answers "no PMS" from the config-version cache, without a statement, and connecting or
 * disconnecting bumps the version so the next turn sees the change.
 */
let recorded: string[] | null = null;
const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const q = args[0] as string | { text?: string };
  recorded?.push(typeof q === "string" ? q : (q.text ?? ""));
  return clientQuery.apply(this, args);
};

/** A transaction as an agent turn runs it: the organization's config version read first and remembered. */
function inTurn<T>(orgId: string, fn: (tx: Executor) => Promise<T>) {
  return withOrg(orgId, async (tx) => {
    const { rows } = await tx.execute<{ v: string }>(sql`select ${configVersionSql(orgId)} as v`);
    rememberConfigVersion(tx, orgId, rows[0]!.v);
    return fn(tx);
  });
}

async function pmsStatements<T>(fn: () => Promise<T>) {
  recorded = [];
  try {
    await fn();
    return recorded.filter((s) => /pms_/.test(s));
  } finally {
    recorded = null;
  }
}

describe("PMS presence from the config-version cache", () => {
  let org: TestOrg;
  let fake: FakeStoredge;

  beforeAll(async () => {
    fake = await startFakeStoredge({ consumerKey: "k", consumerSecret: "s" });
    org = await seedOrganization();
  });
  afterAll(async () => {
    await disconnectPmsOf([org?.id]);
    await fake.close();
  });

  it("a lead captured in a turn of an organization without a PMS reads nothing of the PMS tables", async () => {
    const capture = () =>
      inTurn(org.id, (tx) =>
        captureLead(tx, org.id, ACTOR, { source: "call", name: "Nia", phone: randomUsNumber(628) }),
      );
    await capture(); // fills the cache for this version
    expect(await pmsStatements(capture)).toEqual([]);
    expect(await pmsStatements(() => inTurn(org.id, (tx) => hasLivePms(tx, org.id)))).toEqual([]);
  });

  it("a version (and the PMS answer) remembered by one transaction is not the next one's on the same connection", async () => {
    // withOrg reuses one drizzle session per pooled connection: a memo keyed by it would leak.
    await withOrg(org.id, async (tx) => {
      rememberConfigVersion(tx, org.id, "424242");
      expect(configVersionOf(tx, org.id)).toBe("424242");
    });
    for (let i = 0; i < 5; i++) expect(await withOrg(org.id, async (tx) => configVersionOf(tx, org.id))).toBeNull();
  });

  it("connecting and disconnecting bump the version: the next turn sees the change", async () => {
    expect(await inTurn(org.id, (tx) => hasLivePms(tx, org.id))).toBe(false);
    const conn = await withOrg(org.id, (tx) =>
      connectPms(tx, org.id, ACTOR, {
        credentials: { provider: "storedge", consumerKey: "k", consumerSecret: "s", facilityIds: ["f-1"] },
      }),
    );
    expect(await inTurn(org.id, (tx) => hasLivePms(tx, org.id))).toBe(true);
    await withOrg(org.id, (tx) => disconnectPms(tx, org.id, ACTOR, conn.id));
    expect(await inTurn(org.id, (tx) => hasLivePms(tx, org.id))).toBe(false);
  });
});
