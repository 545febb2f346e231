import { and, eq, sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { auditLog, customer, lead, organization } from "@/server/db/schema";
import { upsertCustomer } from "@/server/domain/customers/upsert-customer";
import { captureLead } from "@/server/domain/leads/capture-lead";

import { unique } from "../factories";
import { ACTOR } from "../inventory/helpers";
import { randomUsNumber } from "../twilio-webhooks";

/**
 * The statements the app sends, as scripts/bench-agent.ts counts them: pg's Client.query is wrapped
 * (and still called) before the pool opens its first connection, which binds it per connection.
 */
let recorded: string[] | null = null;
/** The server-side prepared statements' names, of the statements sent under one. */
const preparedNames = new Set<string>();
const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const q = args[0] as string | { text?: string; name?: string };
  recorded?.push(typeof q === "string" ? q : (q.text ?? ""));
  if (recorded && typeof q !== "string" && q.name) preparedNames.add(q.name);
  return clientQuery.apply(this, args);
};

async function recording<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  recorded = [];
  try {
    const result = await fn();
    return { result, statements: recorded };
  } finally {
    recorded = null;
  }
}

/**
 * The statements that read or write customers or leads (leaves out BEGIN, COMMIT, webhook lookups).
 * The PMS subscriber reads no lead for an organization without a PMS (src/server/pms/presence.ts),
 * so every statement counted here is the capture's own.
 */
const customerOrLead = (statements: string[]) => statements.filter((s) => /"(customer|lead)"/.test(s));

async function seedOrg() {
  const id = unique("lead-org");
  await db.insert(organization).values({ id, name: "Lead Storage", slug: id });
  return id;
}

function barrier(n: number) {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    if (++arrived === n) release();
    return all;
  };
}

/** Resolves once a backend of this database waits for a lock (a blocked insert, say). */
async function someoneWaitsForALock() {
  for (let i = 0; i < 200; i++) {
    const { rows } = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("no backend waited for a lock");
}

describe("captureLead", () => {
  it("makes a new person's customer and lead, with both audit rows, in one statement after the lookup", async () => {
    const orgId = await seedOrg();
    const phone = randomUsNumber(628);
    const nextFollowUpAt = new Date("2030-06-01T16:00:00Z");
    const { result, statements } = await recording(() =>
      withOrg(orgId, (tx) =>
        captureLead(tx, orgId, ACTOR, {
          source: "call",
          name: "  New Nia ",
          phone,
          notes: "wants a 5x10",
          desiredWidthFt: 5,
          desiredLengthFt: 10,
          desiredMoveInDate: "2030-06-02",
          nextFollowUpAt,
        }),
      ),
    );
    // The lookup (customers and a locked lead), then the customer, the lead and both audit rows:
    // two statements that touch customers or leads, three before the lead joined the customer's insert.
    const touching = customerOrLead(statements);
    expect(touching).toHaveLength(2);
    expect(touching[1]).toMatch(
      /^with "new_customer" as \(insert into "customer".*insert into "lead".*from "new_customer"/s,
    );
    // The lookup has one shape (phone and e-mail both placeholders), so it is prepared, not rebuilt.
    expect(preparedNames).toContain("customer_find_with_lead");
    expect(preparedNames).toContain("customer_insert_with_lead");

    expect(result.created).toBe(true);
    const [storedCustomer] = await db.select().from(customer).where(eq(customer.id, result.customer.id));
    const [storedLead] = await db.select().from(lead).where(eq(lead.id, result.lead.id));
    // Typed as drizzle maps the tables: Dates, the defaults filled in.
    expect(result.customer).toStrictEqual(storedCustomer);
    expect(result.lead).toStrictEqual(storedLead);
    expect(storedCustomer).toMatchObject({ name: "New Nia", phone, email: null, notes: null });
    expect(storedLead).toMatchObject({
      customerId: storedCustomer!.id,
      source: "call",
      status: "new",
      lostReason: null,
      score: 0,
      notes: "wants a 5x10",
      desiredWidthFt: 5,
      desiredLengthFt: 10,
      desiredMoveInDate: "2030-06-02",
      nextFollowUpAt,
      facilityId: null,
      desiredUnitTypeId: null,
      ownerMemberId: null,
    });
    expect(result.lead.createdAt).toBeInstanceOf(Date);

    // The prepared insert's placeholders: a score given is kept, an e-mail alone is enough.
    const scored = await withOrg(orgId, (tx) =>
      captureLead(tx, orgId, ACTOR, { source: "web", email: `${unique("sol")}@example.test`, score: 40 }),
    );
    expect(scored).toMatchObject({
      created: true,
      customer: { name: "", phone: null },
      lead: { score: 40, notes: null, nextFollowUpAt: null, desiredWidthFt: null },
    });

    // The prepared lookup finds by e-mail alone, and by phone alone, as before.
    const email = `${unique("nia")}@example.test`;
    await withOrg(orgId, (tx) => captureLead(tx, orgId, ACTOR, { source: "web", phone, email, notes: "by web" }));
    const byEmail = await withOrg(orgId, (tx) =>
      captureLead(tx, orgId, ACTOR, { source: "chat", email: email.toUpperCase(), notes: "by chat" }),
    );
    expect(byEmail).toMatchObject({
      created: false,
      customer: { id: storedCustomer!.id, phone, email },
      lead: { id: storedLead!.id, notes: "wants a 5x10\nby web\nby chat" },
    });

    const audits = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.organizationId, orgId),
          sql`${auditLog.action} like '%.created'`,
          sql`${auditLog.targetId} in (${storedCustomer!.id}, ${storedLead!.id})`,
        ),
      )
      .orderBy(auditLog.action);
    expect(
      audits.map(({ action, targetType, targetId, data, actorLabel }) => ({
        action,
        targetType,
        targetId,
        data,
        actorLabel,
      })),
    ).toEqual([
      {
        action: "customer.created",
        targetType: "customer",
        targetId: storedCustomer!.id,
        data: { name: "New Nia" },
        actorLabel: ACTOR.label,
      },
      {
        action: "lead.created",
        targetType: "lead",
        targetId: storedLead!.id,
        data: { source: "call", customerId: storedCustomer!.id },
        actorLabel: ACTOR.label,
      },
    ]);
  });

  it("writes neither row when the customer's insert conflicts, and merges on the next pass", async () => {
    const orgId = await seedOrg();
    const phone = randomUsNumber(415);
    // Another transaction has inserted this person, not yet committed: our lookup cannot see them,
    // our insert waits for theirs and then conflicts.
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: () => void;
    const theirsInserted = new Promise<void>((resolve) => (inserted = resolve));
    const theirs = withOrg(orgId, async (tx) => {
      const r = await upsertCustomer(tx, orgId, ACTOR, { name: "First Fay", phone });
      inserted();
      await committed;
      return r.customer;
    });
    await theirsInserted;
    const ours = recording(() =>
      withOrg(orgId, (tx) => captureLead(tx, orgId, ACTOR, { source: "sms", name: "Fay", phone, notes: "texted" })),
    );
    await someoneWaitsForALock();
    commit();
    const first = await theirs;
    const { result, statements } = await ours;

    expect(result).toMatchObject({
      created: true,
      customer: { id: first.id, name: "Fay" },
      lead: { customerId: first.id, notes: "texted", source: "sms" },
    });
    // The combined insert wrote nothing, then: the lookup again, the customer's patch (the name), the lead.
    expect(customerOrLead(statements)).toHaveLength(5);
    expect(await db.select().from(customer).where(eq(customer.organizationId, orgId))).toHaveLength(1);
    expect(await db.select().from(lead).where(eq(lead.organizationId, orgId))).toHaveLength(1);
    const audits = await db
      .select({ action: auditLog.action, targetId: auditLog.targetId })
      .from(auditLog)
      .where(eq(auditLog.organizationId, orgId));
    expect(audits.map((a) => a.action).sort()).toEqual(["customer.created", "customer.updated", "lead.created"]);
    expect(audits.find((a) => a.action === "customer.created")!.targetId).toBe(first.id);
  });

  it("merges a second capture for the same phone into the one lead, reading customer and lead in one statement", async () => {
    const orgId = await seedOrg();
    const phone = randomUsNumber(512);
    const first = await withOrg(orgId, (tx) =>
      captureLead(tx, orgId, ACTOR, {
        source: "call",
        name: "Dana",
        phone,
        notes: "wants a 10x10",
        desiredWidthFt: 10,
        desiredLengthFt: 10,
      }),
    );
    expect(first.created).toBe(true);
    await db.update(lead).set({ status: "lost", lostReason: "too far" }).where(eq(lead.id, first.lead.id));

    // Same person, another format, with an e-mail to fill in: the lost lead is reopened.
    const email = `${unique("dana")}@example.test`;
    const local = `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;
    const again = await recording(() =>
      withOrg(orgId, (tx) =>
        captureLead(tx, orgId, ACTOR, {
          source: "sms",
          phone: local,
          email,
          notes: "texted back",
          desiredMoveInDate: "2030-04-01",
        }),
      ),
    );
    expect(again.result).toMatchObject({ created: false, customer: { id: first.customer.id, email, name: "Dana" } });
    expect(again.result.lead).toMatchObject({
      id: first.lead.id,
      status: "new",
      lostReason: null,
      desiredWidthFt: 10,
      desiredLengthFt: 10,
      desiredMoveInDate: "2030-04-01",
      notes: "wants a 10x10\ntexted back",
      source: "call",
    });
    // The lookup reads the customer and locks the lead; then the customer's patch and the lead's merge.
    const reads = customerOrLead(again.statements).filter((s) => !/^with "updated" as \(update/.test(s));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatch(/from "customer".*from "lead".*for update/s);

    // Nothing new about the customer: one statement reads both, one merges the lead (three before).
    const third = await recording(() =>
      withOrg(orgId, (tx) => captureLead(tx, orgId, ACTOR, { source: "chat", phone, notes: "chatted" })),
    );
    expect(third.result.lead).toMatchObject({ id: first.lead.id, notes: "wants a 10x10\ntexted back\nchatted" });
    expect(customerOrLead(third.statements)).toHaveLength(2);

    const leads = await db.select().from(lead).where(eq(lead.organizationId, orgId));
    expect(leads).toHaveLength(1);
    expect(await db.select().from(customer).where(eq(customer.organizationId, orgId))).toHaveLength(1);
  });

  it("upsertCustomer with withLeadLocked returns the lead as drizzle maps it, locked, and only the picked customer's", async () => {
    const orgId = await seedOrg();
    const phone = randomUsNumber(737);
    const email = `${unique("bo")}@example.test`;
    const byPhone = await withOrg(orgId, (tx) =>
      captureLead(tx, orgId, ACTOR, { source: "call", name: "Bo", phone, desiredMoveInDate: "2030-05-02" }),
    );
    const byEmail = await withOrg(orgId, (tx) =>
      captureLead(tx, orgId, ACTOR, { source: "web", name: "Other Bo", email }),
    );
    await db
      .update(lead)
      .set({ nextFollowUpAt: new Date("2030-05-01T15:00:00Z") })
      .where(eq(lead.id, byPhone.lead.id));
    const [stored] = await db.select().from(lead).where(eq(lead.id, byPhone.lead.id));

    await withOrg(orgId, async (tx) => {
      // The phone matches one customer and the e-mail another: the phone's wins, and only its lead is locked.
      const r = await upsertCustomer(tx, orgId, ACTOR, { phone, email }, { withLeadLocked: true });
      expect(r.customer.id).toBe(byPhone.customer.id);
      expect(r.created).toBe(false);
      expect(r.lead).toStrictEqual(stored);
      expect(r.lead!.createdAt).toBeInstanceOf(Date);
      expect(r.lead!.nextFollowUpAt).toBeInstanceOf(Date);
      const tryLock = (id: string) =>
        db.transaction((other) =>
          other.select({ id: lead.id }).from(lead).where(eq(lead.id, id)).for("update", { noWait: true }),
        );
      await expect(tryLock(byPhone.lead.id)).rejects.toMatchObject({ cause: { code: "55P03" } });
      await expect(tryLock(byEmail.lead.id)).resolves.toEqual([{ id: byEmail.lead.id }]);
      // The e-mail stays on the other customer.
      expect(r.customer.email).toBeNull();
    });

    // Without the option: the same lookup as ever, one statement that does not touch leads.
    const plain = await recording(() => withOrg(orgId, (tx) => upsertCustomer(tx, orgId, ACTOR, { phone })));
    expect(plain.result).toStrictEqual({
      customer: expect.objectContaining({ id: byPhone.customer.id }),
      created: false,
    });
    expect(customerOrLead(plain.statements)).toHaveLength(1);
    expect(customerOrLead(plain.statements)[0]).not.toMatch(/"lead"/);
  });

  it("a repeat capture with nothing new merges without changing the lead's details, and records the contact", async () => {
    const orgId = await seedOrg();
    const phone = randomUsNumber(303);
    const first = await withOrg(orgId, (tx) =>
      captureLead(tx, orgId, ACTOR, { source: "call", name: "Rae", phone, notes: "first call" }),
    );
    const again = await withOrg(orgId, (tx) => captureLead(tx, orgId, ACTOR, { source: "call", phone }));
    expect(again).toMatchObject({ created: false, lead: { id: first.lead.id, notes: "first call", status: "new" } });
    expect(again.lead.updatedAt.getTime()).toBeGreaterThanOrEqual(first.lead.updatedAt.getTime());
    const merged = await db
      .select({ data: auditLog.data })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, orgId), eq(auditLog.action, "lead.merged")));
    expect(merged).toEqual([{ data: { source: "call", fields: [], reopened: false } }]);
  });

  it("concurrent captures for a new phone make one customer and one lead, with every note", async () => {
    const orgId = await seedOrg();
    const phone = randomUsNumber(214);
    const n = 6;
    const ready = barrier(n);
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        withOrg(orgId, async (tx) => {
          await ready();
          return captureLead(tx, orgId, ACTOR, { source: "call", name: "Concurrent Cat", phone, notes: `note ${i}` });
        }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.lead.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.customer.id)).size).toBe(1);
    const leads = await db.select().from(lead).where(eq(lead.organizationId, orgId));
    expect(leads).toHaveLength(1);
    expect(leads[0]!.notes!.split("\n").sort()).toEqual(Array.from({ length: n }, (_, i) => `note ${i}`));
    expect(
      await db
        .select()
        .from(customer)
        .where(and(eq(customer.organizationId, orgId), eq(customer.phone, phone))),
    ).toHaveLength(1);
  });

  it("concurrent captures for a known customer without a lead make one lead", async () => {
    const orgId = await seedOrg();
    const phone = randomUsNumber(469);
    const { customer: known } = await withOrg(orgId, (tx) =>
      upsertCustomer(tx, orgId, ACTOR, { name: "Known Kim", phone }),
    );
    const n = 4;
    const ready = barrier(n);
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        withOrg(orgId, async (tx) => {
          await ready();
          return captureLead(tx, orgId, ACTOR, { source: "sms", phone, notes: `text ${i}` });
        }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.every((r) => r.customer.id === known.id)).toBe(true);
    const leads = await db.select().from(lead).where(eq(lead.organizationId, orgId));
    expect(leads).toHaveLength(1);
    expect(leads[0]!.notes!.split("\n")).toHaveLength(n);
  });
});
