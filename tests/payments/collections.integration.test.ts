import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { auditLog, collectionCase, customer, emailOutbox, smsMessage, smsOptOut, task } from "@/server/db/schema";
import { postLedgerEntries } from "@/server/domain/ledger/post-entries";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { recordPayment } from "@/server/domain/rentals/rental-queries";
import { enqueueWorkflow, workflowAdmin } from "@/server/jobs/client";
import { WORKFLOWS } from "@/server/jobs/names";
import { setOutboxKicks } from "@/server/jobs/outbox";
import { planCollections, runCollectionStep } from "@/server/payments/collections/engine";

import { callerFor, seedOrganization, unique } from "../factories";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";
import { ACTOR } from "../inventory/helpers";
import { setUpWorkflowTests } from "../jobs-harness";

import { connectedOrg, openLink, seedReservation, sessionIdOf } from "./helpers";

const wf = setUpWorkflowTests();
let h: StripeHarness;
beforeAll(async () => {
  setOutboxKicks(false); // receipts are not under test here
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

/**
 * A tenant of a Chicago facility (UTC-6 in January) whose move-in is paid and whose January rent
 * ($129.00, due 2027-01-01) is not. Day 1 / 5 / 10 at 10:00 local = 16:00Z on Jan 2, 6 and 11.
 */
const RENT = 12_900;
const T = {
  beforeDay1: "2027-01-02T15:00:00Z",
  day1: "2027-01-02T16:05:00Z",
  day1Night: "2027-01-03T04:00:00Z", // 22:00 in Chicago: quiet hours
  day2Morning: "2027-01-03T14:30:00Z", // 08:30 in Chicago
  day5: "2027-01-06T16:05:00Z",
  day10: "2027-01-11T16:05:00Z",
};

async function pastDueTenant(opts: { connected?: Awaited<ReturnType<typeof connectedOrg>> } = {}) {
  const { org, account } = opts.connected ?? (await connectedOrg(h));
  const owner = await callerFor(org.owner);
  if (!opts.connected) {
    const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 415 });
    await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
  }
  const seeded = await seedReservation(org.id);
  const moved = await withOrg(org.id, (tx) =>
    convertToMoveIn(tx, org.id, ACTOR, { reservationId: seeded.reservation.id }),
  );
  await withOrg(org.id, async (tx) => {
    await recordPayment(tx, org.id, ACTOR, {
      rentalId: moved.rental.id,
      amountCents: moved.quote.dueAtMoveInCents,
      method: "cash",
    });
    await postLedgerEntries(tx, org.id, ACTOR, [
      {
        customerId: seeded.reservation.customerId,
        rentalId: moved.rental.id,
        kind: "charge",
        category: "rent",
        amountCents: RENT,
        description: "Rent, January 2027",
        effectiveAt: new Date("2027-01-01T06:00:00Z"),
        externalId: unique("rent"),
      },
    ]);
  });
  const customerId = seeded.reservation.customerId;
  return {
    org,
    account,
    owner,
    rental: moved.rental,
    customerId,
    email: seeded.email,
    phone: await phoneOf(customerId),
  };
}

async function phoneOf(customerId: string) {
  const [c] = await db.select({ phone: customer.phone }).from(customer).where(eq(customer.id, customerId));
  return c!.phone!;
}

/** The scheduled workflow, by name, for one tick, as DBOS's cron starts it (narrowed to the test's organizations). */
async function tick(at: string, organizationIds: string[]) {
  const workflowId = await enqueueWorkflow({
    workflowName: WORKFLOWS.collectionsSweep,
    workflowId: unique("collections"),
    organizationId: organizationIds[0]!,
    args: [new Date(at), { organizationIds }],
  });
  await (await workflowAdmin()).retrieveWorkflow(workflowId).getResult();
}

const textsTo = (orgId: string, phone: string) =>
  db
    .select()
    .from(smsMessage)
    .where(
      and(
        eq(smsMessage.organizationId, orgId),
        eq(smsMessage.to, phone),
        like(smsMessage.idempotencyKey, "collections:%"),
      ),
    );
const mailsTo = (orgId: string, to: string) =>
  db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.organizationId, orgId), eq(emailOutbox.to, to), eq(emailOutbox.kind, "collections")));
const tasksOf = (orgId: string, customerId: string) =>
  db
    .select()
    .from(task)
    .where(and(eq(task.organizationId, orgId), eq(task.customerId, customerId)));
const casesOf = (orgId: string) => db.select().from(collectionCase).where(eq(collectionCase.organizationId, orgId));

describe("collections", () => {
  it("texts a pay link on day 1, e-mails on day 5, gives staff a task on day 10: each once, on the timeline and in the queue", async () => {
    const t = await pastDueTenant();
    const orgs = [t.org.id];
    // Before day 1 at 10:00: a case is open, nothing is sent.
    await tick(T.beforeDay1, orgs);
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(0);
    const [opened] = await casesOf(t.org.id);
    expect(opened).toMatchObject({
      dueDate: "2027-01-01",
      pastDueCents: RENT,
      status: "active",
      stepsDone: 0,
      days: [1, 5, 10],
    });
    expect(opened!.nextStepAt?.toISOString()).toBe("2027-01-02T16:00:00.000Z");

    // Day 1, twice (two runs of the same tick, e.g. two workers): one text with a working pay link.
    await tick(T.day1, orgs);
    await tick(T.day1, orgs);
    const texts = await textsTo(t.org.id, t.phone);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toContain("$129.00");
    expect(texts[0]!.body).toContain("since 2027-01-01");
    expect(wf.fake.messages.filter((m) => m.to === t.phone)).toHaveLength(1);
    const url = /https?:\/\/\S+\/pay\/[A-Za-z0-9_-]+/.exec(texts[0]!.body)![0];
    const opened2 = await openLink(url);
    expect(opened2.status).toBe(303);
    const session = h.fake.connect.sessions.get(sessionIdOf(opened2.location!))!;
    expect(session.amount_total).toBe(RENT);

    // Day 5: the e-mail (no SMTP here: it waits in the outbox), with the same link. Day 10: the task.
    await tick(T.day5, orgs);
    await tick(T.day5, orgs);
    const mails = await mailsTo(t.org.id, t.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(url);
    expect(await tasksOf(t.org.id, t.customerId)).toHaveLength(0);
    await tick(T.day10, orgs);
    await tick(T.day10, orgs);
    const tasks = await tasksOf(t.org.id, t.customerId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.title).toContain("$129.00 past due since 2027-01-01");
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(1);

    // The queue shows the case with its three steps; the customer's timeline has each one.
    const queue = await t.owner.payments.collections();
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ customerId: t.customerId, stepsDone: 3, status: "active", nextStepAt: null });
    expect(queue[0]!.steps.map((s) => [s.step, s.outcome])).toEqual([
      ["text", "sent"],
      ["email", "sent"],
      ["task", "created"],
    ]);
    const timeline = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.organizationId, t.org.id),
          eq(auditLog.targetId, t.customerId),
          like(auditLog.action, "collections.%"),
        ),
      );
    expect(timeline.map((a) => a.action).sort()).toEqual([
      "collections.email_sent",
      "collections.task_created",
      "collections.text_sent",
    ]);

    // The tenant pays the texted link: the case closes in the payment's transaction.
    const { checkoutCompleted } = h.fake.connect.paySession(String(session.id));
    expect((await h.fake.connect.deliver(checkoutCompleted)).status).toBe(200);
    const [closed] = await casesOf(t.org.id);
    expect(closed).toMatchObject({ status: "paid" });
    expect(await t.owner.payments.collections()).toHaveLength(0);
    expect(await t.owner.payments.collections({ status: "all" })).toHaveLength(1);
  }, 120_000);

  it("waits for the morning inside quiet hours", async () => {
    const t = await pastDueTenant();
    await tick(T.day1Night, [t.org.id]);
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(0);
    await tick(T.day2Morning, [t.org.id]);
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(1);
  }, 60_000);

  it("a payment stops the sequence at once: nothing more is sent", async () => {
    const t = await pastDueTenant();
    await tick(T.day1, [t.org.id]);
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(1);
    await withOrg(t.org.id, (tx) =>
      recordPayment(tx, t.org.id, ACTOR, { rentalId: t.rental.id, amountCents: RENT, method: "cash" }),
    );
    expect((await casesOf(t.org.id))[0]).toMatchObject({ status: "paid", stepsDone: 1 });
    await tick(T.day5, [t.org.id]);
    await tick(T.day10, [t.org.id]);
    expect(await mailsTo(t.org.id, t.email)).toHaveLength(0);
    expect(await tasksOf(t.org.id, t.customerId)).toHaveLength(0);
  }, 60_000);

  it("a step planned before the payment does not run after it", async () => {
    const t = await pastDueTenant();
    const due = await planCollections(T.day1, { organizationIds: [t.org.id] });
    expect(due).toHaveLength(1);
    await withOrg(t.org.id, (tx) =>
      recordPayment(tx, t.org.id, ACTOR, { rentalId: t.rental.id, amountCents: RENT, method: "cash" }),
    );
    expect(await runCollectionStep(t.org.id, due[0]!.caseId, 0, T.day1)).toEqual({
      outcome: "not_run",
      reason: "paid",
    });
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(0);
  }, 60_000);

  it("an opt-out (STOP) stops it; the case shows opted out", async () => {
    const t = await pastDueTenant();
    await tick(T.day1, [t.org.id]);
    await db.insert(smsOptOut).values({ organizationId: t.org.id, phone: t.phone, keyword: "STOP" });
    await tick(T.day5, [t.org.id]);
    await tick(T.day10, [t.org.id]);
    expect(await mailsTo(t.org.id, t.email)).toHaveLength(0);
    expect(await tasksOf(t.org.id, t.customerId)).toHaveLength(0);
    expect((await casesOf(t.org.id))[0]).toMatchObject({ status: "opted_out", stepsDone: 1 });
  }, 60_000);

  it("a staff hold stops it until resumed; then it goes on", async () => {
    const t = await pastDueTenant();
    await tick(T.beforeDay1, [t.org.id]);
    const [c] = await t.owner.payments.collections();
    expect(await t.owner.payments.holdCollection({ caseId: c!.id, hold: true })).toMatchObject({ status: "held" });
    await expect(t.owner.payments.holdCollection({ caseId: c!.id, hold: true })).rejects.toThrow(/only an active case/);
    await tick(T.day1, [t.org.id]);
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(0);
    await t.owner.payments.holdCollection({ caseId: c!.id, hold: false });
    await tick(T.day1, [t.org.id]);
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(1);
  }, 60_000);

  it("two steps run at once for the same case send one text", async () => {
    const t = await pastDueTenant();
    const [due] = await planCollections(T.day1, { organizationIds: [t.org.id] });
    const results = await Promise.all([
      runCollectionStep(t.org.id, due!.caseId, 0, T.day1),
      runCollectionStep(t.org.id, due!.caseId, 0, T.day1),
    ]);
    // Both may get past the case's lock before either recorded its send: the text's key lets one through.
    expect(results.every((r) => r.outcome === "sent" || r.outcome === "not_run")).toBe(true);
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(1);
    expect((await casesOf(t.org.id))[0]).toMatchObject({ stepsDone: 1 });
    expect((await casesOf(t.org.id))[0]!.steps).toHaveLength(1);
    // A re-run after a crash between the send and its record (the case not moved on) finds the text by its key.
    await db.update(collectionCase).set({ stepsDone: 0, steps: [] }).where(eq(collectionCase.id, due!.caseId));
    const again = await runCollectionStep(t.org.id, due!.caseId, 0, T.day1);
    expect(again).toMatchObject({ outcome: "sent" });
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(1);
    expect(wf.fake.messages.filter((m) => m.to === t.phone)).toHaveLength(1);
  }, 60_000);

  it("on by default, from when the Stripe account can take charges: before that nothing is planned or sent", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 415 });
    await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
    // Connected, onboarding not finished: charges disabled.
    const { url, stripeAccountId } = await owner.payments.connect();
    const t = await pastDueTenant({ connected: { org, account: stripeAccountId } });
    expect(await owner.payments.collectionSettings()).toEqual({ enabled: true, days: [1, 5, 10] }); // nothing saved
    await tick(T.day1, [org.id]);
    expect(await casesOf(org.id)).toHaveLength(0);
    expect(await textsTo(org.id, t.phone)).toHaveLength(0);
    // Onboarding finished: the default sequence starts with no setting touched.
    expect((await fetch(`${url}/submit`, { method: "POST", redirect: "manual" })).status).toBe(303);
    expect(await owner.payments.status()).toMatchObject({ ready: true });
    await tick(T.day1, [org.id]);
    expect(await textsTo(org.id, t.phone)).toHaveLength(1);
  }, 60_000);

  it("switched off, nothing is sent; settings are validated and audited", async () => {
    const t = await pastDueTenant();
    expect(await t.owner.payments.collectionSettings()).toEqual({ enabled: true, days: [1, 5, 10] });
    await expect(t.owner.payments.updateCollectionSettings({ enabled: true, days: [5, 3, 10] })).rejects.toThrow(
      /later than the one before/,
    );
    await expect(t.owner.payments.updateCollectionSettings({ enabled: true, days: [0, 3, 10] })).rejects.toThrow(
      /at least 1 day/,
    );
    await expect(t.owner.payments.updateCollectionSettings({ enabled: true, days: [1, 3] })).rejects.toThrow(
      /three days/,
    );
    expect(await t.owner.payments.collectionSettings()).toEqual({ enabled: true, days: [1, 5, 10] });
    await t.owner.payments.updateCollectionSettings({ enabled: false, days: [2, 6, 12] });
    await tick(T.day10, [t.org.id]);
    expect(await casesOf(t.org.id)).toHaveLength(0);
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(0);
    // Back on with new days: day 2 is the text's day (and the case keeps the days it started with).
    await t.owner.payments.updateCollectionSettings({ enabled: true, days: [2, 6, 12] });
    await tick(T.day1, [t.org.id]);
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(0);
    expect((await casesOf(t.org.id))[0]).toMatchObject({ days: [2, 6, 12] });
    await tick("2027-01-03T16:05:00Z", [t.org.id]);
    expect(await textsTo(t.org.id, t.phone)).toHaveLength(1);
  }, 60_000);

  it("organizations are apart: another organization's sweep, queue and hold never reach this one's tenants", async () => {
    const a = await pastDueTenant();
    const b = await seedOrganization();
    await tick(T.day1, [b.id]);
    expect(await textsTo(a.org.id, a.phone)).toHaveLength(0);
    await tick(T.beforeDay1, [a.org.id]);
    const [c] = await casesOf(a.org.id);
    const bOwner = await callerFor(b.owner);
    expect(await bOwner.payments.collections({ status: "all" })).toHaveLength(0);
    await expect(bOwner.payments.holdCollection({ caseId: c!.id, hold: true })).rejects.toThrow(/not found/i);
    expect((await casesOf(a.org.id))[0]).toMatchObject({ status: "active" });
  }, 60_000);
});
