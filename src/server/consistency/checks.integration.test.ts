import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import {
  analyticsConversationDaily,
  conversation,
  customer,
  emailAttachment,
  emailOutbox,
  jobOutbox,
  payment,
  rental,
  reservation,
  unit,
  usageRecord,
} from "@/server/db/schema";
import { refreshRollups } from "@/server/analytics/rollups";
import { recordPaymentReceived, recordRefund } from "@/server/domain/ledger/payments";
import { postLedgerEntries } from "@/server/domain/ledger/post-entries";
import { ensureJobsSchema } from "@/server/jobs/system-schema";
import { metricsSnapshot } from "@/server/observability/metrics";

import { isolateWorkflows } from "../../../tests/jobs-harness";
import { seedFacility } from "../../../tests/inventory/helpers";
import { seedOrganization, type TestOrg } from "../../../tests/factories";
import { runChecks, type CheckResult } from "./checks";
import { reportFindings } from "./report";

/**
 * Each consistency check against a row that breaks its invariant, written by hand as a bug, a manual
 * edit or a partial restore would leave it. Other test files share this database (and may break
 * invariants of their own organizations), so each case looks for its own subject.
 */
const iso = isolateWorkflows();
let org: TestOrg;
let other: TestOrg;
let units: { id: string; number: string }[];
let facilityId: string;
let unitTypeId: string;
let customerId: string;

beforeAll(async () => {
  org = await seedOrganization();
  other = await seedOrganization();
  const seeded = await seedFacility(org.id, { units: 6 });
  facilityId = seeded.facility.id;
  unitTypeId = seeded.unitType.id;
  units = await db.select({ id: unit.id, number: unit.number }).from(unit).where(eq(unit.unitTypeId, unitTypeId));
  const [c] = await db.insert(customer).values({ organizationId: org.id, name: "Casey Check" }).returning();
  customerId = c!.id;
}, 60_000);

const found = async (check: string, subject: string): Promise<CheckResult["violations"]> => {
  const [r] = await runChecks([check]);
  expect(r!.error).toBeUndefined();
  return r!.violations.filter((v) => v.subject === subject);
};

async function insertReservation(unitId: string, status: "active" | "converted" = "active") {
  const [r] = await db
    .insert(reservation)
    .values({
      organizationId: org.id,
      facilityId,
      unitTypeId,
      unitId,
      customerId,
      status,
      moveInDate: "2026-12-20",
      quotedMonthlyRateCents: 10_000,
      quote: {},
      confirmationCode: `C${Math.random().toString(36).slice(2, 9).toUpperCase()}`,
      holdExpiresAt: new Date(Date.now() + 86_400_000),
      channel: "web",
      createdBy: "test",
    })
    .returning();
  return r!;
}

async function insertRental(unitId: string, reservationId: string | null) {
  const [r] = await db
    .insert(rental)
    .values({
      organizationId: org.id,
      facilityId,
      unitId,
      customerId,
      reservationId,
      startDate: "2026-12-01",
      monthlyRateCents: 10_000,
      billingDay: 1,
      gateCodeEncrypted: "x.y.z",
    })
    .returning();
  return r!;
}

describe("consistency checks", () => {
  it("unit-status: a unit marked reserved with no reservation, and one rented but shown available", async () => {
    const [a, b] = units;
    await db.update(unit).set({ status: "reserved" }).where(eq(unit.id, a!.id));
    expect(await found("unit-status", a!.id)).toEqual([
      expect.objectContaining({ organizationId: org.id, detail: expect.stringContaining("no active reservation") }),
    ]);
    await insertRental(b!.id, null); // status stays 'available'
    expect((await found("unit-status", b!.id))[0]!.detail).toMatch(/is available with current rental/);
  });

  it("double-booking: a unit held for one customer and rented by another, and a reservation that became two rentals", async () => {
    const [, , c, d, e] = units;
    await db.update(unit).set({ status: "reserved" }).where(eq(unit.id, c!.id));
    const held = await insertReservation(c!.id);
    await insertRental(c!.id, null);
    expect((await found("double-booking", c!.id))[0]!.detail).toContain(
      `active reservation ${held.id} on a unit rented`,
    );

    const converted = await insertReservation(d!.id, "converted");
    await insertRental(d!.id, converted.id);
    await insertRental(e!.id, converted.id);
    expect((await found("double-booking", converted.id))[0]!.detail).toMatch(/reservation became 2 rentals/);
  });

  it("usage-totals: a row counted in another month, and call minutes that disagree with the call", async () => {
    const [u] = await db
      .insert(usageRecord)
      .values({
        organizationId: org.id,
        period: "2020-01",
        kind: "messages",
        quantity: 1,
        sourceId: `sms:${crypto.randomUUID()}`,
      })
      .returning();
    expect((await found("usage-totals", u!.id))[0]!.detail).toMatch(/^period 2020-01 but occurred in \d{4}-\d{2}/);

    const [call] = await db
      .insert(conversation)
      .values({ organizationId: org.id, channel: "voice", status: "ended", durationSeconds: 61 })
      .returning();
    const [minutes] = await db
      .insert(usageRecord)
      .values({
        organizationId: org.id,
        period: new Date().toISOString().slice(0, 7),
        kind: "call_minutes",
        quantity: 7,
        sourceId: `conversation:${call!.id}`,
      })
      .returning();
    expect((await found("usage-totals", minutes!.id))[0]!.detail).toBe("call_minutes 7 for a call of 61 s");
  });

  it("ledger-totals: a rental balance its ledger does not make, a payment with no entry, a refund total with no refund", async () => {
    const r = await insertRental(units[5]!.id, null);
    const actor = { label: "test" };
    // Posted the way the app posts: a charge, a payment and a refund, all adding up.
    const charged = await withOrg(org.id, async (tx) => {
      await postLedgerEntries(tx, org.id, actor, [
        { customerId, rentalId: r.id, kind: "charge", category: "rent", amountCents: 10_000 },
      ]);
      const { payment: p } = await recordPaymentReceived(tx, org.id, actor, {
        customerId,
        rentalId: r.id,
        amountCents: 6_000,
        method: "cash",
      });
      await recordRefund(tx, org.id, actor, { paymentId: p.id, amountCents: 1_000 });
      return p;
    });
    expect(await found("ledger-totals", r.id)).toEqual([]);
    expect(await found("ledger-totals", charged.id)).toEqual([]);

    // A balance changed by hand, past the ledger's trigger.
    await db.update(rental).set({ balanceCents: 4_000 }).where(eq(rental.id, r.id));
    expect(await found("ledger-totals", r.id)).toEqual([
      expect.objectContaining({
        organizationId: org.id,
        detail: "rental balance 4000 cents, its ledger entries add up to 5000 cents",
      }),
    ]);
    // A payment stored without its ledger entry (a partial restore, a bulk insert).
    const [bare] = await db
      .insert(payment)
      .values({ organizationId: org.id, customerId, rentalId: r.id, amountCents: 2_500, method: "card" })
      .returning();
    expect((await found("ledger-totals", bare!.id))[0]!.detail).toBe(
      "succeeded payment of 2500 cents with 0 cents of payment entries",
    );
    // A refunded total no refund entry makes.
    await db.update(payment).set({ refundedCents: 3_000 }).where(eq(payment.id, charged.id));
    expect((await found("ledger-totals", charged.id))[0]!.detail).toBe(
      "payment refunded 3000 cents, its refund entries add up to 1000 cents",
    );
  });

  it("analytics-rollups: a rollup that lost a conversation", async () => {
    await withOrg(org.id, (tx) => refreshRollups(tx, org.id));
    expect(
      await found("analytics-rollups", "analytics_conversation_daily").then((v) =>
        v.filter((x) => x.organizationId === org.id),
      ),
    ).toEqual([]);
    await db.delete(analyticsConversationDaily).where(eq(analyticsConversationDaily.organizationId, org.id));
    const v = (await found("analytics-rollups", "analytics_conversation_daily")).filter(
      (x) => x.organizationId === org.id,
    );
    expect(v[0]!.detail).toMatch(/^0 conversations in the rollup, [1-9]\d* in conversation$/);
  });

  it("cross-organization: a row of one organization pointing at another's", async () => {
    // Most references are composite keys the database enforces (src/server/db/tenant-foreign-keys
    // test); the check still reads the ones left single-column, such as an attachment's e-mail.
    const [mail] = await db
      .insert(emailOutbox)
      .values({
        organizationId: org.id,
        to: "owner@example.test",
        subject: "s",
        text: "t",
        kind: "test",
        status: "outbox",
      })
      .returning();
    const [att] = await db
      .insert(emailAttachment)
      .values({
        organizationId: other.id,
        emailId: mail!.id,
        filename: "a.txt",
        contentType: "text/plain",
        content: Buffer.from("a"),
      })
      .returning();
    expect(await found("cross-organization", att!.id)).toEqual([
      {
        organizationId: other.id,
        subject: att!.id,
        detail: `email_attachment.email_id points at email_outbox ${mail!.id} of organization ${org.id}`,
      },
    ]);
  });

  it("outbox: a row for a workflow this code does not have, and one failing for two days", async () => {
    const unknown = `test-unknown:${crypto.randomUUID()}`;
    const stuck = `test-stuck:${crypto.randomUUID()}`;
    await db.insert(jobOutbox).values([
      { organizationId: org.id, workflowName: "noSuchWorkflow", workflowId: unknown, args: [] },
      {
        organizationId: org.id,
        workflowName: "postConversation",
        workflowId: stuck,
        args: [],
        attempts: 9,
        lastError: "boom",
        createdAt: new Date(Date.now() - 2 * 86_400_000),
        nextAttemptAt: new Date(Date.now() + 3_600_000),
      },
    ]);
    try {
      expect((await found("outbox", unknown))[0]!.detail).toBe("unknown workflow noSuchWorkflow");
      expect((await found("outbox", stuck))[0]!.detail).toMatch(
        /^postConversation failing since .* after 9 attempts: boom$/,
      );
    } finally {
      // The app's outbox sweep in other test files must not try to start these.
      await db.delete(jobOutbox).where(sql`${jobOutbox.workflowId} in (${unknown}, ${stuck})`);
    }
  });

  it("workflows: one that ended in error, and one waiting for a code version nobody runs", async () => {
    await ensureJobsSchema();
    const schema = sql.identifier(iso.schema);
    const failed = `test-error:${crypto.randomUUID()}`;
    const orphan = `test-orphan:${crypto.randomUUID()}`;
    const dayAgo = Date.now() - 2 * 86_400_000;
    await db.execute(sql`
      insert into ${schema}.workflow_status (workflow_uuid, status, name, error, application_version, application_name, attributes, updated_at)
      values (${failed}, 'ERROR', 'postConversation', 'step summarize failed', '2026-12-1', ${iso.appName}, ${JSON.stringify({ organizationId: org.id })}::jsonb, ${dayAgo}),
             (${orphan}, 'PENDING', 'followUpSequence', null, 'old-version', ${iso.appName}, ${JSON.stringify({ organizationId: org.id })}::jsonb, ${dayAgo})`);
    expect(await found("workflows", failed)).toEqual([
      { organizationId: org.id, subject: failed, detail: "postConversation is ERROR: step summarize failed" },
    ]);
    expect((await found("workflows", orphan))[0]!.detail).toMatch(
      /^followUpSequence is PENDING for code version old-version \(this is /,
    );
  });

  it("a run's findings reach the metric, the log and the owners of the organizations concerned, once a day", async () => {
    const results = await runChecks();
    const before = await db.select().from(emailOutbox).where(eq(emailOutbox.organizationId, org.id));
    const first = await reportFindings(results);
    expect(first.emails).toBeGreaterThan(0);
    const mails = (await db.select().from(emailOutbox).where(eq(emailOutbox.organizationId, org.id))).filter(
      (m) => m.kind === "consistency.failed" && !before.some((b) => b.id === m.id),
    );
    expect(mails.map((m) => m.to)).toContain(org.owner.email);
    expect(mails.map((m) => m.subject).join("\n")).toMatch(/Data check "unit-status" found/);
    // Only this organization's rows: the other organization's cross-organization row is not listed here.
    const unitStatusMail = mails.find((m) => m.subject.includes('"unit-status"'))!;
    expect(unitStatusMail.text).toContain(units[0]!.id);
    expect(mails.every((m) => !m.text?.includes(other.id) || m.subject.includes("cross-organization"))).toBe(true);

    await reportFindings(results); // the hourly run again: no new e-mail the same day
    const again = (await db.select().from(emailOutbox).where(eq(emailOutbox.organizationId, org.id))).filter(
      (m) => m.kind === "consistency.failed",
    );
    expect(again.length).toBe(mails.length + before.filter((m) => m.kind === "consistency.failed").length);

    const gauge = (await metricsSnapshot()).find((m) => m.name === "storage_agent_consistency_violations")!;
    const unitStatus = gauge.values.find((v) => v.labels.check === "unit-status")!;
    expect(unitStatus.value).toBeGreaterThanOrEqual(2);
  });
});
