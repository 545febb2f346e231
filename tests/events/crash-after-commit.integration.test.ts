import { spawn } from "node:child_process";
import path from "node:path";

import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { reservationAlertId } from "@/server/alerts/subscriber";
import { db } from "@/server/db/client";
import { alertSettings, jobOutbox, reservation, unit, webhookDelivery, webhookEndpoint } from "@/server/db/schema";
import { workflowAdmin } from "@/server/jobs/client";
import { workflowIds } from "@/server/jobs/names";
import { drainOutbox, setOutboxKicks } from "@/server/jobs/outbox";

import { seedLeadWithNumber, setUpWorkflowTests } from "../jobs-harness";

/**
 * Domain events across a crash right after the commit (src/server/events). A child process books a
 * reservation and is SIGKILLed the moment its transaction commits, before any after-commit work.
 * Every subscriber that must not be lost wrote its part in that transaction, so each runs exactly
 * once: one webhook delivery, one lifecycle workflow, one operator alert, however many drains (in
 * whatever processes) come after.
 */
setUpWorkflowTests();

function runChild(args: string[]): Promise<{ signal: NodeJS.Signals | null; out: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "commit-then-die.ts"), ...args],
    {
      env: process.env,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (_code, signal) => resolve({ signal, out })));
}

describe("domain events across a crash after commit", () => {
  it("each subscriber runs exactly once per event, the durable ones from the committed transaction", async () => {
    // This process drains by hand, as the sweep of another process would after the crash.
    setOutboxKicks(false);
    const s = await seedLeadWithNumber();
    await db
      .insert(unit)
      .values({ organizationId: s.org.id, facilityId: s.facilityId, unitTypeId: s.unitTypeId, number: "K1" });
    const [endpoint] = await db
      .insert(webhookEndpoint)
      .values({
        organizationId: s.org.id,
        url: "https://hooks.example.test/storage",
        eventTypes: ["reservation.created"],
        secret: "whsec_dGVzdHRlc3R0ZXN0dGVzdHRlc3R0ZXN0dGVzdA==",
      })
      .returning();
    await db.insert(alertSettings).values({
      organizationId: s.org.id,
      emailRecipients: ["owner@example.test"],
      rules: { reservation_created: { enabled: true, email: true, sms: false } } as never,
    });

    const moveInDate = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const child = await runChild([s.org.id, s.unitTypeId, s.customerId, moveInDate]);
    expect(child.signal).toBe("SIGKILL");
    const { reservationId } = JSON.parse(child.out.trim()) as { reservationId: string };

    // The change committed, and with it what the durable subscribers wrote in its transaction.
    const [booked] = await db.select().from(reservation).where(eq(reservation.id, reservationId));
    expect(booked?.status).toBe("active");
    const deliveries = await db
      .select()
      .from(webhookDelivery)
      .where(and(eq(webhookDelivery.endpointId, endpoint!.id), eq(webhookDelivery.eventType, "reservation.created")));
    expect(deliveries).toHaveLength(1);
    expect((deliveries[0]!.payload as { data: { id: string } }).data.id).toBe(reservationId);
    const lifecycle = workflowIds.reservation(reservationId);
    const alert = reservationAlertId(reservationId);
    const rows = await db
      .select()
      .from(jobOutbox)
      .where(inArray(jobOutbox.workflowId, [lifecycle, alert]));
    expect(rows.map((r) => r.workflowId).sort()).toEqual([alert, lifecycle].sort());

    // Drains after the crash, three at once and then again: each workflow starts once.
    const started = await Promise.all([1, 2, 3].map(() => drainOutbox({ workflowIds: [lifecycle, alert] })));
    expect(started.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await drainOutbox({ workflowIds: [lifecycle, alert] })).toBe(0);
    const admin = await workflowAdmin();
    const workflows = await admin.listWorkflows({ workflowIDs: [lifecycle, alert] });
    expect(workflows.map((w) => w.workflowName).sort()).toEqual(["operatorAlert", "reservationLifecycle"]);
    expect(
      await db
        .select()
        .from(jobOutbox)
        .where(inArray(jobOutbox.workflowId, [lifecycle, alert])),
    ).toEqual([]);
    expect(
      await db
        .select()
        .from(webhookDelivery)
        .where(and(eq(webhookDelivery.endpointId, endpoint!.id), eq(webhookDelivery.eventType, "reservation.created"))),
    ).toHaveLength(1);
  }, 120_000);
});
