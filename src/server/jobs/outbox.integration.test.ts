import { randomUUID } from "node:crypto";

import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { jobOutbox, unit } from "@/server/db/schema";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { renderMetrics } from "@/server/observability/metrics";

import { seedLeadWithNumber, setUpWorkflowTests, waitFor, type LeadSetup } from "../../../tests/jobs-harness";
import { OUTBOX_BACKLOG } from "./backlog";
import { enqueueWorkflow, workflowAdmin } from "./client";
import { JOBS_QUEUE } from "./config";
import { WORKFLOWS, workflowIds } from "./names";
import { drainOutbox, enqueueInTransaction, setOutboxKicks } from "./outbox";

/**
 * The outbox (src/server/jobs/outbox.ts), on the real database and a real DBOS. Drains here are
 * always scoped to this file's workflow ids: the outbox table is shared by test files running in
 * parallel, each with DBOS tables of its own, and an unscoped drain would start their workflows here.
 */
const h = setUpWorkflowTests();
// Rows are drained by hand here, as after a crash; the kick has a test of its own.
beforeEach(() => setOutboxKicks(false));

const dayAfterTomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
const outboxRows = (workflowId: string) => db.select().from(jobOutbox).where(eq(jobOutbox.workflowId, workflowId));

async function book(s: LeadSetup, number = `A${Math.floor(Math.random() * 1e6)}`) {
  await db
    .insert(unit)
    .values({ organizationId: s.org.id, facilityId: s.facilityId, unitTypeId: s.unitTypeId, number });
  const created = await withOrg(s.org.id, (tx) =>
    createReservation(
      tx,
      s.org.id,
      { label: "test" },
      { unitTypeId: s.unitTypeId, customerId: s.customerId, moveInDate: dayAfterTomorrow(), channel: "phone" },
    ),
  );
  return { reservationId: created.reservation.id, workflowId: workflowIds.reservation(created.reservation.id) };
}

describe("job outbox", () => {
  it("the workflow backlog gauge counts the outbox's rows and the jobs queue's waiting workflows", async () => {
    const s = await seedLeadWithNumber();
    const gauge = async (queue: string) => {
      const { body } = await renderMetrics();
      const line = body.split("\n").find((l) => l.startsWith(`storage_agent_workflow_backlog{queue="${queue}"}`));
      return line === undefined ? undefined : Number(line.split(" ").at(-1));
    };
    expect(await gauge(JOBS_QUEUE)).toBeGreaterThanOrEqual(0);
    const r = await book(s);
    // The outbox table is shared with test files running in parallel: at least this row.
    expect(await gauge(OUTBOX_BACKLOG)).toBeGreaterThanOrEqual(1);
    expect(await drainOutbox({ workflowIds: [r.workflowId] })).toBe(1);
    expect(await outboxRows(r.workflowId)).toHaveLength(0);
  }, 60_000);

  it("a booking's transaction writes exactly one outbox row, as the tenant; a rolled-back booking writes none", async () => {
    const s = await seedLeadWithNumber();
    const r = await book(s);
    const rows = await outboxRows(r.workflowId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organizationId: s.org.id,
      workflowName: WORKFLOWS.reservationLifecycle,
      args: [{ organizationId: s.org.id, reservationId: r.reservationId }],
      delaySeconds: null,
      attempts: 0,
      lastError: null,
    });

    await db
      .insert(unit)
      .values({ organizationId: s.org.id, facilityId: s.facilityId, unitTypeId: s.unitTypeId, number: "B1" });
    let rolledBack: string | undefined;
    await expect(
      withOrg(s.org.id, async (tx) => {
        const created = await createReservation(
          tx,
          s.org.id,
          { label: "test" },
          { unitTypeId: s.unitTypeId, customerId: s.customerId, moveInDate: dayAfterTomorrow(), channel: "phone" },
        );
        rolledBack = created.reservation.id;
        expect(
          await tx
            .select()
            .from(jobOutbox)
            .where(eq(jobOutbox.workflowId, workflowIds.reservation(rolledBack))),
        ).toHaveLength(1);
        throw new Error("the caller changed its mind");
      }),
    ).rejects.toThrow("changed its mind");
    expect(rolledBack).toBeDefined();
    expect(await outboxRows(workflowIds.reservation(rolledBack!))).toHaveLength(0);
    // Nor does the tenant see another organization's rows.
    const other = await seedLeadWithNumber();
    expect(
      await withOrg(other.org.id, (tx) => tx.select().from(jobOutbox).where(eq(jobOutbox.workflowId, r.workflowId))),
    ).toHaveLength(0);
  }, 60_000);

  it("a row left by a process that died after its commit (no kick) is started by a drain, once, however many drains run", async () => {
    const s = await seedLeadWithNumber();
    const r = await book(s);
    const admin = await workflowAdmin();
    expect(await admin.getWorkflow(r.workflowId)).toBeUndefined();

    expect(await drainOutbox({ workflowIds: [r.workflowId] })).toBe(1);
    expect(await outboxRows(r.workflowId)).toHaveLength(0);
    expect((await admin.getWorkflow(r.workflowId))?.workflowName).toBe(WORKFLOWS.reservationLifecycle);
    // It runs: the customer gets the confirmation.
    await waitFor(async () => h.fake.messagesTo(s.phone).length === 1, "the confirmation text");
    expect(await drainOutbox({ workflowIds: [r.workflowId] })).toBe(0);

    // Concurrent drains over the same row: one claims it, the other skips it.
    const r2 = await book(s);
    const counts = await Promise.all([1, 2, 3].map(() => drainOutbox({ workflowIds: [r.workflowId, r2.workflowId] })));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await outboxRows(r2.workflowId)).toHaveLength(0);
    expect(await admin.listWorkflows({ workflowIDs: [r.workflowId, r2.workflowId] })).toHaveLength(2);
    await waitFor(async () => h.fake.messagesTo(s.phone).length === 2, "the second confirmation");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.fake.messagesTo(s.phone)).toHaveLength(2);
  }, 60_000);

  it("the booking's commit kicks a drain that starts its workflow (the reservation.created subscriber)", async () => {
    setOutboxKicks(true);
    const s = await seedLeadWithNumber();
    const started = Date.now();
    const r = await book(s);
    const admin = await workflowAdmin();
    await waitFor(
      async () => (await outboxRows(r.workflowId)).length === 0 && (await admin.getWorkflow(r.workflowId)),
      "the kicked drain",
      10_000,
      10,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 30_000);

  it("a start that fails keeps its row, counting attempts and the error, and backs off: a drain tries again only once it is due", async () => {
    const s = await seedLeadWithNumber();
    // A real refusal from DBOS: the workflow id already belongs to another workflow (a delayed one
    // that never runs in this test).
    const workflowId = `outbox-test:${randomUUID()}`;
    await enqueueWorkflow({
      workflowName: WORKFLOWS.usageReport,
      workflowId,
      organizationId: s.org.id,
      args: [],
      delaySeconds: 3600,
    });
    await withOrg(s.org.id, (tx) =>
      enqueueInTransaction(tx, [
        {
          workflowName: WORKFLOWS.reservationLifecycle,
          workflowId,
          organizationId: s.org.id,
          args: [{ organizationId: s.org.id, reservationId: randomUUID() }],
        },
      ]),
    );

    const waitMinutes = (r: { nextAttemptAt: Date | null }) => (r.nextAttemptAt!.getTime() - Date.now()) / 60_000;
    expect(await drainOutbox({ workflowIds: [workflowId] })).toBe(0);
    let [row] = await outboxRows(workflowId);
    expect(row).toMatchObject({ attempts: 1 });
    expect(row!.lastError).toMatch(/different function name/);
    expect(waitMinutes(row!)).toBeGreaterThan(0.9);
    expect(waitMinutes(row!)).toBeLessThanOrEqual(1);

    // Not due yet: a drain leaves it alone.
    expect(await drainOutbox({ workflowIds: [workflowId] })).toBe(0);
    [row] = await outboxRows(workflowId);
    expect(row!.attempts).toBe(1);

    // Due (its minute has passed): tried again, and the next wait doubles.
    await db
      .update(jobOutbox)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(jobOutbox.workflowId, workflowId));
    expect(await drainOutbox({ workflowIds: [workflowId] })).toBe(0);
    [row] = await outboxRows(workflowId);
    expect(row!.attempts).toBe(2);
    expect(waitMinutes(row!)).toBeGreaterThan(1.9);
    expect(waitMinutes(row!)).toBeLessThanOrEqual(2);

    // However often it failed, it waits an hour at most.
    await db.update(jobOutbox).set({ attempts: 40, nextAttemptAt: null }).where(eq(jobOutbox.workflowId, workflowId));
    expect(await drainOutbox({ workflowIds: [workflowId] })).toBe(0);
    [row] = await outboxRows(workflowId);
    expect(row!.attempts).toBe(41);
    expect(waitMinutes(row!)).toBeGreaterThan(59.9);
    expect(waitMinutes(row!)).toBeLessThanOrEqual(60);

    const admin = await workflowAdmin();
    expect((await admin.getWorkflow(workflowId))?.workflowName).toBe(WORKFLOWS.usageReport);
    await admin.cancelWorkflow(workflowId);
    await db.delete(jobOutbox).where(eq(jobOutbox.workflowId, workflowId));
  }, 30_000);

  it("a delayed start keeps the time it already waited in the outbox", async () => {
    const s = await seedLeadWithNumber();
    const workflowId = `outbox-test:${randomUUID()}`;
    await withOrg(s.org.id, (tx) =>
      enqueueInTransaction(tx, [
        { workflowName: WORKFLOWS.usageReport, workflowId, organizationId: s.org.id, args: [], delaySeconds: 3600 },
      ]),
    );
    await db
      .update(jobOutbox)
      .set({ createdAt: new Date(Date.now() - 600_000) })
      .where(eq(jobOutbox.workflowId, workflowId));
    const before = Date.now();
    expect(await drainOutbox({ workflowIds: [workflowId] })).toBe(1);
    const admin = await workflowAdmin();
    const w = await admin.getWorkflow(workflowId);
    expect(w?.status).toBe("DELAYED");
    // 3600 s asked, 600 s already spent in the outbox: about 3000 s left.
    const left = (w!.delayUntilEpochMS! - before) / 1000;
    expect(left).toBeGreaterThan(2990);
    expect(left).toBeLessThan(3010);
    await admin.cancelWorkflow(workflowId);
  }, 30_000);
});
