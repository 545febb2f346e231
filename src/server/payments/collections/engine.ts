/**
 * Collections (issue 16, item 6): the past-due sequence per tenant, worked by the `collectionsSweep`
 * workflow every 15 minutes (one run per tick across all processes). Each run
 *
 *  1. plans (`planCollections`): per organization with collections on and a Stripe account that
 *     can take charges, it opens a case for each tenant past due (one per customer and due date),
 *     closes the open cases whose tenant has paid (or whose oldest unpaid charge moved on: a new
 *     due date is a new case), stops those whose phone opted out, and lists the steps due now:
 *     on the case's day after the due date (10:00 facility time), at least the days between two
 *     steps after the previous one, and inside the organization's quiet-hours window;
 *  2. runs each due step (`runCollectionStep`, a DBOS step of its own) under the case's row lock,
 *     re-checking everything first (paid, held, opted out, switched off, already done), so a
 *     payment or a hold between the plan and the step stops it.
 *
 * Nothing is sent twice: every send carries the idempotency key
 * `collections:<customer>:<due date>:<step>` (sendSms, sendEmail and createTask each return the
 * first result for a repeated key), and the case advances only from the step it was at. A crash
 * after the text went out and before the case recorded it re-runs the step: the text is found by
 * its key and recorded, not sent again. Two sweeps at once (two workers) do the same.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { db, withOrg, type Executor } from "@/server/db/client";
import {
  collectionCase,
  COLLECTION_STEPS,
  customer,
  facility,
  smsOptOut,
  stripeConnectAccount,
  type CollectionStepRecord,
} from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import { formatCents } from "@/server/domain/pricing/money";
import { createTask } from "@/server/domain/tasks/create-task";
import { sendEmail } from "@/server/integrations/email";
import { sendSms } from "@/server/integrations/sms/send-sms";
import { inSendWindow, nextSendTime, zonedTime } from "@/server/jobs/quiet-hours";
import { getAutomationSettings } from "@/server/jobs/settings";
import { addDays } from "@/lib/dates";

import { createPaymentLink, type PaymentLinkRow } from "../payment-links";
import { refreshPmsBalancesOf } from "@/server/pms/balance";

import { findOverdueWithPms, type Overdue } from "./overdue";
import { getCollectionSettings } from "./settings";

export const COLLECTIONS_ACTOR: Actor = { label: "collections" };
/** Local time of day a step falls due on its day (then held to the quiet-hours window). */
export const STEP_LOCAL_TIME = "10:00";
/** Pay links texted or e-mailed by collections stay valid for a week (Checkout's own session is shorter). */
export const COLLECTIONS_LINK_HOURS = 168;

export const collectionsKey = (customerId: string, dueDate: string, step: string) =>
  `collections:${customerId}:${dueDate}:${step}`;

export interface DueStep {
  organizationId: string;
  caseId: string;
  step: number;
}

type CaseRow = typeof collectionCase.$inferSelect;

/** When step `k` of a case falls due, before the quiet-hours window is applied. */
export function stepDueAt(c: Pick<CaseRow, "dueDate" | "days" | "lastStepAt" | "stepsDone">, tz: string): Date {
  const k = c.stepsDone;
  const [y, m, d] = addDays(c.dueDate, c.days[k]!).split("-").map(Number) as [number, number, number];
  const [hh, mm] = STEP_LOCAL_TIME.split(":").map(Number) as [number, number];
  let at = zonedTime(y, m, d, hh * 60 + mm, tz).getTime();
  // A case opened late (collections switched on for an old debt) still spaces its steps out.
  if (k > 0 && c.lastStepAt) at = Math.max(at, c.lastStepAt.getTime() + (c.days[k]! - c.days[k - 1]!) * 86_400_000);
  return new Date(at);
}

/** Organizations that may collect: a current Stripe account that can take charges. */
async function collectingOrganizations(only?: string[]): Promise<string[]> {
  const rows = await db
    .select({ id: stripeConnectAccount.organizationId })
    .from(stripeConnectAccount)
    .where(
      and(
        isNull(stripeConnectAccount.disconnectedAt),
        eq(stripeConnectAccount.chargesEnabled, true),
        only ? inArray(stripeConnectAccount.organizationId, only) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

export async function planCollections(at: Date | string, opts: { organizationIds?: string[] } = {}) {
  const now = new Date(at); // a workflow argument may arrive serialized
  const due: DueStep[] = [];
  for (const organizationId of await collectingOrganizations(opts.organizationIds)) {
    // Switched off: nothing to judge, so no tenant's balance is asked of the PMS either.
    const { enabled } = await withOrg(organizationId, (tx) => getCollectionSettings(tx, organizationId));
    if (!enabled) continue;
    // Tenants whose balance is the PMS's: read again (between transactions) before judging them.
    await refreshPmsBalancesOf(organizationId);
    due.push(...(await withOrg(organizationId, (tx) => planOrganization(tx, organizationId, now))));
  }
  return due;
}

async function planOrganization(tx: Executor, organizationId: string, now: Date): Promise<DueStep[]> {
  const settings = await getCollectionSettings(tx, organizationId);
  if (!settings.enabled) return [];
  const window = (await getAutomationSettings(tx, organizationId)).quietHours;
  const { overdue, unknown } = await findOverdueWithPms(tx, organizationId, now);
  const current = new Map(overdue.map((o) => [`${o.customerId}|${o.dueDate}`, o]));

  // Paid (or the oldest unpaid charge moved on): the open cases that no longer match. A tenant whose
  // PMS balance is not known now (the PMS down) is neither paid nor owing: the case waits.
  const open = await tx
    .select()
    .from(collectionCase)
    .where(and(eq(collectionCase.organizationId, organizationId), inArray(collectionCase.status, ["active", "held"])));
  for (const c of open)
    if (!current.has(`${c.customerId}|${c.dueDate}`) && !unknown.has(c.customerId))
      await closeCase(tx, c, "paid", COLLECTIONS_ACTOR);

  if (overdue.length) {
    await tx
      .insert(collectionCase)
      .values(
        overdue.map((o) => ({
          organizationId,
          customerId: o.customerId,
          facilityId: o.facilityId,
          dueDate: o.dueDate,
          pastDueCents: o.pastDueCents,
          days: settings.days,
        })),
      )
      .onConflictDoUpdate({
        target: [collectionCase.organizationId, collectionCase.customerId, collectionCase.dueDate],
        set: {
          pastDueCents: sql`excluded.past_due_cents`,
          // Owed again after it was settled (a refund, a charge-back): it picks up where it was.
          status: sql`case when ${collectionCase.status} = 'paid' then 'active' else ${collectionCase.status} end`,
          closedAt: sql`case when ${collectionCase.status} = 'paid' then null else ${collectionCase.closedAt} end`,
        },
      });
  }

  // The SMS opt-out stops the whole sequence (STOP means "leave me alone"): staff see it in the queue.
  const optedOut = await tx
    .select({ id: collectionCase.id })
    .from(collectionCase)
    .innerJoin(customer, eq(customer.id, collectionCase.customerId))
    .innerJoin(
      smsOptOut,
      and(eq(smsOptOut.organizationId, collectionCase.organizationId), eq(smsOptOut.phone, customer.phone)),
    )
    .where(and(eq(collectionCase.organizationId, organizationId), inArray(collectionCase.status, ["active", "held"])));
  if (optedOut.length) {
    const rows = await tx
      .select()
      .from(collectionCase)
      .where(
        and(
          eq(collectionCase.organizationId, organizationId),
          inArray(
            collectionCase.id,
            optedOut.map((r) => r.id),
          ),
        ),
      );
    for (const c of rows) await closeCase(tx, c, "opted_out", COLLECTIONS_ACTOR);
  }

  // What is due now.
  const active = await tx
    .select({ c: collectionCase, tz: facility.timeZone })
    .from(collectionCase)
    .leftJoin(facility, eq(facility.id, collectionCase.facilityId))
    .where(and(eq(collectionCase.organizationId, organizationId), eq(collectionCase.status, "active")));
  const due: DueStep[] = [];
  for (const { c, tz: facilityTz } of active) {
    if (unknown.has(c.customerId)) continue;
    const tz = facilityTz ?? current.get(`${c.customerId}|${c.dueDate}`)?.timeZone ?? "America/New_York";
    const next = c.stepsDone < COLLECTION_STEPS.length ? nextSendTime(stepDueAt(c, tz), tz, window) : null;
    if ((next?.getTime() ?? null) !== (c.nextStepAt?.getTime() ?? null))
      await tx
        .update(collectionCase)
        .set({ nextStepAt: next })
        .where(and(eq(collectionCase.organizationId, organizationId), eq(collectionCase.id, c.id)));
    if (next && next.getTime() <= now.getTime() && inSendWindow(now, tz, window))
      due.push({ organizationId, caseId: c.id, step: c.stepsDone });
  }
  return due;
}

async function closeCase(tx: Executor, c: CaseRow, status: "paid" | "opted_out", actor: Actor) {
  await tx
    .update(collectionCase)
    .set({ status, closedAt: new Date(), nextStepAt: null })
    .where(and(eq(collectionCase.organizationId, c.organizationId), eq(collectionCase.id, c.id)));
  await recordAudit(tx, {
    organizationId: c.organizationId,
    actor,
    action: status === "paid" ? "collections.paid" : "collections.opted_out",
    targetType: "customer",
    targetId: c.customerId,
    data: { caseId: c.id, dueDate: c.dueDate, stepsDone: c.stepsDone },
  });
}

export type StepResult =
  | { outcome: CollectionStepRecord["outcome"]; step: string; ref: string | null }
  | { outcome: "not_run"; reason: string };

type Prepared =
  | { kind: "done"; result: StepResult }
  | {
      kind: "send";
      c: CaseRow;
      step: "text" | "email";
      to: string;
      link: PaymentLinkRow;
      url: string;
      facilityName: string | null;
      name: string;
    };

/**
 * One step of one case, checked again under the case's row lock: still active, still at this step,
 * collections still on, the tenant still past due for this due date and not opted out.
 */
export async function runCollectionStep(
  organizationId: string,
  caseId: string,
  step: number,
  at: Date | string = new Date(),
): Promise<StepResult> {
  const now = new Date(at);
  const prepared = await withOrg(organizationId, (tx) => prepareStep(tx, organizationId, caseId, step, now));
  if (prepared.kind === "done") return prepared.result;
  const { c, link, url } = prepared;
  const key = collectionsKey(c.customerId, c.dueDate, prepared.step);
  const who = prepared.facilityName ?? "Storage";
  const amount = formatCents(link.amountCents);
  if (prepared.step === "text") {
    const body = `${who}: your storage account is past due (${amount} since ${c.dueDate}). Pay securely here: ${url} Reply STOP to opt out.`;
    const r = await sendSms({ organizationId, to: prepared.to, body, facilityId: c.facilityId, idempotencyKey: key });
    if (!r.ok && r.reason === "opted_out") {
      await withOrg(organizationId, async (tx) => {
        const [row] = await lockCase(tx, organizationId, caseId);
        if (row && (row.status === "active" || row.status === "held"))
          await closeCase(tx, row, "opted_out", COLLECTIONS_ACTOR);
      });
      return { outcome: "not_run", reason: "opted_out" };
    }
    return record(organizationId, caseId, step, {
      step: "text",
      outcome: r.ok ? "sent" : "failed",
      at: now.toISOString(),
      ref: r.ok ? r.id : (r.id ?? null),
      detail: r.ok ? null : r.message,
    });
  }
  const e = await sendEmail({
    to: prepared.to,
    subject: `${who}: your account is past due (${amount})`,
    text: [
      `Hello ${prepared.name || "there"},`,
      "",
      `Your storage account at ${who} has been past due since ${c.dueDate}. The balance is ${amount}.`,
      `You can pay it securely here: ${url}`,
      `(link valid until ${link.expiresAt.toISOString().slice(0, 10)})`,
      "",
      "If you have already paid, thank you, and please ignore this message.",
    ].join("\n"),
    kind: "collections",
    organizationId,
    idempotencyKey: key,
  });
  // A refused e-mail (SMTP error) throws, so the workflow's step retries it under the same key.
  if (e.status === "failed") throw new Error("The collections e-mail was refused by the mail server.");
  return record(organizationId, caseId, step, { step: "email", outcome: "sent", at: now.toISOString(), ref: e.id });
}

const lockCase = (tx: Executor, organizationId: string, caseId: string) =>
  tx
    .select()
    .from(collectionCase)
    .where(and(eq(collectionCase.organizationId, organizationId), eq(collectionCase.id, caseId)))
    .for("update");

async function prepareStep(
  tx: Executor,
  organizationId: string,
  caseId: string,
  step: number,
  now: Date,
): Promise<Prepared> {
  const notRun = (reason: string): Prepared => ({ kind: "done", result: { outcome: "not_run", reason } });
  const [c] = await lockCase(tx, organizationId, caseId);
  if (!c) return notRun("no case");
  if (c.status !== "active") return notRun(c.status);
  if (c.stepsDone !== step) return notRun("already done");
  if (!(await getCollectionSettings(tx, organizationId)).enabled) return notRun("collections off");
  const judged = await findOverdueWithPms(tx, organizationId, now, { customerId: c.customerId });
  // The PMS holds this tenant's balance and it could not be read lately: nothing is sent on a guess.
  if (judged.unknown.has(c.customerId)) return notRun("PMS balance not known");
  const [still] = judged.overdue as (Overdue | undefined)[];
  if (!still || still.dueDate !== c.dueDate) {
    await closeCase(tx, c, "paid", COLLECTIONS_ACTOR);
    return notRun("paid");
  }
  const [who] = await tx
    .select({
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      optedOut: sql<boolean>`exists (select 1 from ${smsOptOut} where ${smsOptOut.organizationId} = ${organizationId} and ${smsOptOut.phone} = ${customer.phone})`,
    })
    .from(customer)
    .where(and(eq(customer.organizationId, organizationId), eq(customer.id, c.customerId)));
  if (!who) return notRun("no customer");
  if (who.optedOut) {
    await closeCase(tx, c, "opted_out", COLLECTIONS_ACTOR);
    return notRun("opted_out");
  }
  const [f] = c.facilityId
    ? await tx.select({ name: facility.name }).from(facility).where(eq(facility.id, c.facilityId))
    : [];
  const name = COLLECTION_STEPS[step]!;

  if (name === "task") {
    const days = still.dueDate;
    const t = await createTask(tx, organizationId, COLLECTIONS_ACTOR, {
      kind: "follow_up",
      priority: "normal",
      title: `Collections: reach ${who.name || "a tenant"} about ${formatCents(still.pastDueCents)} past due since ${days}`,
      body: `Texted and e-mailed a pay link (see the customer page); still unpaid. Balance ${formatCents(still.balanceCents)}.`,
      facilityId: c.facilityId,
      contactName: who.name || null,
      contactPhone: who.phone,
      contactEmail: who.email,
      customerId: c.customerId,
      sourceKey: collectionsKey(c.customerId, c.dueDate, "task"),
    });
    await advance(
      tx,
      c,
      { step: "task", outcome: "created", at: now.toISOString(), ref: t.task.id },
      { taskId: t.task.id },
    );
    return { kind: "done", result: { outcome: "created", step: "task", ref: t.task.id } };
  }

  const to = name === "text" ? who.phone : who.email;
  if (!to) {
    const rec: CollectionStepRecord = {
      step: name,
      outcome: "skipped",
      at: now.toISOString(),
      detail: name === "text" ? "no phone number" : "no e-mail address",
    };
    await advance(tx, c, rec);
    return { kind: "done", result: { outcome: "skipped", step: name, ref: null } };
  }
  let made: { link: PaymentLinkRow; url: string };
  try {
    made = await createPaymentLink(tx, organizationId, COLLECTIONS_ACTOR, {
      purpose: "balance",
      customerId: c.customerId,
      expiresInHours: COLLECTIONS_LINK_HOURS,
      channel: "collections",
    });
  } catch (err) {
    // Stripe disconnected or not chargeable meanwhile: wait (the sweep skips the organization).
    if (err instanceof DomainError) return notRun(err.message);
    throw err;
  }
  await tx
    .update(collectionCase)
    .set({ paymentLinkId: made.link.id })
    .where(and(eq(collectionCase.organizationId, organizationId), eq(collectionCase.id, c.id)));
  return {
    kind: "send",
    c,
    step: name,
    to,
    link: made.link,
    url: made.url,
    facilityName: f?.name ?? null,
    name: who.name,
  };
}

async function advance(
  tx: Executor,
  c: CaseRow,
  rec: CollectionStepRecord,
  extra: Partial<Pick<CaseRow, "taskId">> = {},
): Promise<boolean> {
  const updated = await tx
    .update(collectionCase)
    .set({
      stepsDone: c.stepsDone + 1,
      steps: sql`${collectionCase.steps} || ${JSON.stringify([rec])}::jsonb`,
      lastStepAt: new Date(rec.at),
      nextStepAt: null,
      ...extra,
    })
    .where(
      and(
        eq(collectionCase.organizationId, c.organizationId),
        eq(collectionCase.id, c.id),
        eq(collectionCase.stepsDone, c.stepsDone),
      ),
    )
    .returning({ id: collectionCase.id });
  if (!updated.length) return false;
  await recordAudit(tx, {
    organizationId: c.organizationId,
    actor: COLLECTIONS_ACTOR,
    action: `collections.${rec.step}_${rec.outcome}`,
    targetType: "customer",
    targetId: c.customerId,
    data: { caseId: c.id, dueDate: c.dueDate, ref: rec.ref ?? null, detail: rec.detail ?? null },
  });
  return true;
}

/** After a send: the case moves on from the step it was at (a second run finds it moved and writes nothing). */
async function record(
  organizationId: string,
  caseId: string,
  step: number,
  rec: CollectionStepRecord,
): Promise<StepResult> {
  await withOrg(organizationId, async (tx) => {
    const [c] = await lockCase(tx, organizationId, caseId);
    if (c && c.stepsDone === step) await advance(tx, c, rec);
  });
  return { outcome: rec.outcome, step: rec.step, ref: rec.ref ?? null };
}

/** Staff: hold an active case (nothing more is sent) or resume a held one. */
export async function setCaseHold(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  caseId: string,
  hold: boolean,
): Promise<CaseRow> {
  const [c] = await lockCase(tx, organizationId, caseId);
  if (!c) throw new DomainError("NOT_FOUND", "Collections case not found.");
  const from = hold ? "active" : "held";
  if (c.status !== from)
    throw new DomainError(
      "CONFLICT",
      hold
        ? `This case is ${c.status.replace("_", " ")}: only an active case can be held.`
        : "This case is not on hold.",
    );
  const [row] = await tx
    .update(collectionCase)
    .set(
      hold
        ? { status: "held", heldBy: actor.label, heldAt: new Date() }
        : { status: "active", heldBy: null, heldAt: null },
    )
    .where(and(eq(collectionCase.organizationId, organizationId), eq(collectionCase.id, caseId)))
    .returning();
  await recordAudit(tx, {
    organizationId,
    actor,
    action: hold ? "collections.held" : "collections.resumed",
    targetType: "customer",
    targetId: c.customerId,
    data: { caseId, dueDate: c.dueDate },
  });
  return row!;
}

/**
 * In the payment's transaction (payment.succeeded): the customer's open cases that the payment
 * settled are closed at once, so the staff queue shows it and no step runs after it.
 */
export async function closePaidCases(tx: Executor, organizationId: string, customerId: string, now = new Date()) {
  const open = await tx
    .select()
    .from(collectionCase)
    .where(
      and(
        eq(collectionCase.organizationId, organizationId),
        eq(collectionCase.customerId, customerId),
        inArray(collectionCase.status, ["active", "held"]),
      ),
    );
  if (!open.length) return 0;
  const judged = await findOverdueWithPms(tx, organizationId, now, { customerId });
  if (judged.unknown.has(customerId)) return 0;
  const [still] = judged.overdue;
  let closed = 0;
  for (const c of open)
    if (!still || still.dueDate !== c.dueDate) {
      await closeCase(tx, c, "paid", COLLECTIONS_ACTOR);
      closed++;
    }
  return closed;
}
