import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { customer, emailOutbox, followUpSequence, jobOutbox, reservation, unit } from "@/server/db/schema";
import { localDate } from "@/server/domain/facilities/local-date";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { extendHold } from "@/server/domain/reservations/extend-hold";
import { workflowAdmin } from "@/server/jobs/client";
import { startFollowUps } from "@/server/jobs/follow-ups";
import { notifyReservationChanged, startReservationLifecycle } from "@/server/jobs/reservations";
import { workflowIds } from "@/server/jobs/names";
import { saveAutomationSettings } from "@/server/jobs/settings";
import { readableDate } from "@/server/jobs/workflows/reservation-steps";

import { seedLeadWithNumber, setUpWorkflowTests, waitFor, type LeadSetup } from "../../../../tests/jobs-harness";

const h = setUpWorkflowTests({ timeScale: 0.02 });

const dayAfterTomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

async function reserve(s: LeadSetup, holdMs: number) {
  const email = `dana-${s.leadId.slice(0, 8)}@example.com`;
  await db.update(customer).set({ email }).where(eq(customer.id, s.customerId));
  const [u] = await db
    .insert(unit)
    .values({ organizationId: s.org.id, facilityId: s.facilityId, unitTypeId: s.unitTypeId, number: "A1" })
    .returning();
  const holdExpiresAt = new Date(Date.now() + holdMs);
  // One transaction: the short hold, and the lifecycle start that createReservation queued taken back
  // out of the outbox before it commits. Each test starts the lifecycle itself, with its own reminder
  // time; were the outbox's start to commit too, the drain could start it first (same workflow id,
  // no test reminder), and which start won would depend on the machine's load.
  const created = await withOrg(s.org.id, async (tx) => {
    const made = await createReservation(
      tx,
      s.org.id,
      { label: "test" },
      { unitTypeId: s.unitTypeId, customerId: s.customerId, moveInDate: dayAfterTomorrow(), channel: "phone" },
    );
    await tx.update(reservation).set({ holdExpiresAt }).where(eq(reservation.id, made.reservation.id));
    const queued = await tx
      .delete(jobOutbox)
      .where(eq(jobOutbox.workflowId, workflowIds.reservation(made.reservation.id)))
      .returning({ id: jobOutbox.id });
    expect(queued).toHaveLength(1);
    return made;
  });
  return {
    reservationId: created.reservation.id,
    code: created.reservation.confirmationCode,
    unitId: u!.id,
    email,
    moveInDate: created.reservation.moveInDate,
    holdExpiresAt: holdExpiresAt.getTime(),
  };
}

const mailTo = (to: string) =>
  db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.to, to), like(emailOutbox.kind, "reservation_%")));

describe("reservation lifecycle", () => {
  it("confirms by text and e-mail, reminds before move-in, expires the hold and tells the customer", async () => {
    const s = await seedLeadWithNumber();
    await saveAutomationSettings(db, s.org.id, {
      quietHours: { start: "00:00", end: "24:00" },
      followUpSteps: [
        { delayMinutes: 0, template: "quote" },
        { delayMinutes: 60, template: "reminder" },
      ],
    });
    await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "before-reserving" });
    await waitFor(async () => h.fake.messagesTo(s.phone).length === 1, "the first follow-up");

    const r = await reserve(s, 8_000);
    const workflowId = await startReservationLifecycle({
      organizationId: s.org.id,
      reservationId: r.reservationId,
      reminderAt: Date.now() + 2_000,
    });
    expect(workflowId).toBe(`reservation:${r.reservationId}`);

    const result = await (await workflowAdmin()).retrieveWorkflow(workflowId).getResult();
    expect(result).toEqual({ outcome: "expired", reminded: true });

    const texts = h.fake.messagesTo(s.phone).map((m) => m.body);
    expect(texts).toHaveLength(4); // follow-up, confirmation, reminder, expiry
    expect(texts[1]).toContain(`Confirmation ${r.code}`);
    expect(texts[1]).toContain("10x10 (unit A1)");
    // Dates as a customer reads them, the hold's last day in the facility's time zone (New York here).
    const holdDay = readableDate(localDate("America/New_York", new Date(r.holdExpiresAt)));
    expect(texts[1]).toContain(`Move-in ${readableDate(r.moveInDate)}; we hold it until ${holdDay}.`);
    expect(texts[1]).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(texts[2]).toContain("move-in");
    expect(texts[3]).toContain("has ended and the unit was released");
    const mails = await mailTo(r.email);
    expect(mails.map((m) => m.kind).sort()).toEqual([
      "reservation_confirmation",
      "reservation_expired",
      "reservation_reminder",
    ]);
    expect(mails.find((m) => m.kind === "reservation_confirmation")!.text).toContain(`Confirmation code: ${r.code}`);

    const [res] = await db.select().from(reservation).where(eq(reservation.id, r.reservationId));
    expect(res!.status).toBe("expired");
    const [u] = await db.select().from(unit).where(eq(unit.id, r.unitId));
    expect(u!.status).toBe("available");
    // Reserving stopped the follow-ups.
    const [seq] = await db.select().from(followUpSequence).where(eq(followUpSequence.leadId, s.leadId));
    expect(seq).toMatchObject({ status: "stopped", stopReason: "reserved" });
  }, 120_000);

  it("re-sleeps when a member extends the hold", async () => {
    const s = await seedLeadWithNumber();
    // Long enough that the extension lands before the old end even on a slow machine.
    const r = await reserve(s, 10_000);
    const oldEnd = Date.now() + 10_000;
    const workflowId = await startReservationLifecycle({ organizationId: s.org.id, reservationId: r.reservationId });
    await waitFor(async () => h.fake.messagesTo(s.phone).length === 1, "the confirmation");
    await withOrg(s.org.id, (tx) =>
      extendHold(tx, s.org.id, { label: "manager" }, { reservationId: r.reservationId, days: 1 }),
    );
    expect(await notifyReservationChanged(r.reservationId, "extended")).toBe(true);

    // Past the old end of the hold: still active, nothing more sent.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, oldEnd - Date.now()) + 3_000));
    const [still] = await db.select().from(reservation).where(eq(reservation.id, r.reservationId));
    expect(still!.status).toBe("active");
    expect(h.fake.messagesTo(s.phone)).toHaveLength(1);
    expect((await (await workflowAdmin()).getWorkflow(workflowId))?.status).toBe("PENDING");

    // The hold is shortened behind its back and it is told: it expires on the new schedule.
    await db
      .update(reservation)
      .set({ holdExpiresAt: new Date(Date.now() + 1_500) })
      .where(eq(reservation.id, r.reservationId));
    await notifyReservationChanged(r.reservationId);
    expect(await (await workflowAdmin()).retrieveWorkflow(workflowId).getResult()).toEqual({
      outcome: "expired",
      reminded: false,
    });
    expect(h.fake.messagesTo(s.phone)).toHaveLength(2);
  }, 120_000);

  it("does nothing for a reservation that is no longer active", async () => {
    const s = await seedLeadWithNumber();
    const r = await reserve(s, 60_000);
    await db.update(reservation).set({ status: "cancelled" }).where(eq(reservation.id, r.reservationId));
    const id = await startReservationLifecycle({ organizationId: s.org.id, reservationId: r.reservationId });
    expect(await (await workflowAdmin()).retrieveWorkflow(id).getResult()).toEqual({
      outcome: "cancelled",
      reminded: false,
    });
    expect(h.fake.messagesTo(s.phone)).toHaveLength(0);
  }, 60_000);
});
