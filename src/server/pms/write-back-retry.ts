import { and, desc, eq, sql } from "drizzle-orm";

import { fireAlert } from "@/server/alerts/fire";
import { withOrg, type Executor } from "@/server/db/client";
import {
  customer,
  lead,
  ledgerEntry,
  payment,
  PMS_PROVIDER_NAMES,
  pmsConnection,
  pmsFacilityMap,
  pmsLink,
  pmsWriteBack,
  rental,
  reservation,
} from "@/server/db/schema";
import { cancelReservation } from "@/server/domain/reservations/cancel-reservation";
import { adapterFor } from "@/server/integrations/pms";
import { PmsError } from "@/server/integrations/pms/types";
import { sendSms } from "@/server/integrations/sms/send-sms";
import { log } from "@/server/log";
import { recordPmsWriteBack } from "@/server/observability/metrics";

import { leadRecordSql } from "./write-back";

/**
 * One attempt of a pending write-back (the pmsWriteBack workflow calls it with backoff). Each
 * attempt re-reads the rows, so a reservation cancelled meanwhile is not pushed, and the adapters
 * send our id as the PMS's external reference, so an attempt that timed out after the PMS accepted
 * it does not create a second PMS record.
 */
export type AttemptOutcome = "done" | "retry" | "refused";

async function load(organizationId: string, writeBackId: string) {
  return withOrg(organizationId, async (tx) => {
    const [wb] = await tx
      .select({ wb: pmsWriteBack, connection: pmsConnection })
      .from(pmsWriteBack)
      .innerJoin(pmsConnection, eq(pmsConnection.id, pmsWriteBack.connectionId))
      .where(and(eq(pmsWriteBack.organizationId, organizationId), eq(pmsWriteBack.id, writeBackId)));
    if (!wb) return null;
    const [r] = await tx
      .select()
      .from(reservation)
      .where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, wb.wb.localId)));
    const links = await tx
      .select({ kind: pmsLink.kind, localId: pmsLink.localId, externalId: pmsLink.externalId })
      .from(pmsLink)
      .where(
        and(
          eq(pmsLink.organizationId, organizationId),
          eq(pmsLink.connectionId, wb.connection.id),
          sql`(${pmsLink.kind}, ${pmsLink.localId}) in (('unit', ${r?.unitId ?? null}::uuid), ('unit_type', ${r?.unitTypeId ?? null}::uuid), ('reservation', ${wb.wb.localId}::uuid))`,
        ),
      );
    const [fm] = r
      ? await tx
          .select({ externalId: pmsFacilityMap.externalId })
          .from(pmsFacilityMap)
          .where(and(eq(pmsFacilityMap.connectionId, wb.connection.id), eq(pmsFacilityMap.facilityId, r.facilityId)))
      : [];
    const [c] = r
      ? await tx
          .select({ name: customer.name, phone: customer.phone, email: customer.email })
          .from(customer)
          .where(and(eq(customer.organizationId, organizationId), eq(customer.id, r.customerId)))
      : [];
    if (r?.leadId)
      // A lead attempt of this person holds its row's lock while its request is in flight: wait for it
      // (a background job waiting on another), so the record it makes is read below and converted.
      await tx.execute(sql`select id from pms_write_back
        where connection_id = ${wb.connection.id} and kind = 'lead' and local_id = ${r.leadId} for update`);
    const [leadRecord] = r?.leadId
      ? await tx
          .execute<{ id: string | null }>(sql`select ${leadRecordSql(wb.connection.id, r.leadId)} as id`)
          .then((res) => res.rows)
      : [];
    const ext = (kind: string) => links.find((l) => l.kind === kind)?.externalId ?? null;
    return {
      ...wb,
      reservation: r ?? null,
      facilityExternalId: fm?.externalId ?? null,
      customer: c ?? null,
      leadExternalId: leadRecord?.id ?? null,
      ext,
    };
  });
}

type FinishArgs = [
  organizationId: string,
  writeBackId: string,
  set: Partial<typeof pmsWriteBack.$inferInsert>,
  link?: { connectionId: string; localId: string; externalId: string; kind?: "reservation" | "lead" },
  opts?: { attempted?: boolean },
];

async function finishIn(tx: Executor, ...[organizationId, writeBackId, set, link, opts = {}]: FinishArgs) {
  await tx
    .update(pmsWriteBack)
    .set({ ...set, ...(opts.attempted === false ? {} : { attempts: sql`${pmsWriteBack.attempts} + 1` }) })
    .where(and(eq(pmsWriteBack.organizationId, organizationId), eq(pmsWriteBack.id, writeBackId)));
  if (link)
    await tx
      .insert(pmsLink)
      .values({ organizationId, ...link, kind: link.kind ?? "reservation" })
      .onConflictDoNothing();
}

async function finish(...args: FinishArgs) {
  await withOrg(args[0], (tx) => finishIn(tx, ...args));
}

/** What a lead write-back sends: the lead, its person, and the PMS ids of its facility and wanted unit type. */
async function loadLead(tx: Executor, organizationId: string, connectionId: string, leadId: string) {
  const [row] = await tx
    .select({
      lead,
      customer: { name: customer.name, phone: customer.phone, email: customer.email },
      facilityExternalId: pmsFacilityMap.externalId,
    })
    .from(lead)
    .innerJoin(customer, eq(customer.id, lead.customerId))
    .leftJoin(
      pmsFacilityMap,
      and(eq(pmsFacilityMap.connectionId, connectionId), eq(pmsFacilityMap.facilityId, lead.facilityId)),
    )
    .where(and(eq(lead.organizationId, organizationId), eq(lead.id, leadId)));
  if (!row) return null;
  const [type] = row.lead.desiredUnitTypeId
    ? await tx
        .select({ externalId: pmsLink.externalId })
        .from(pmsLink)
        .where(
          and(
            eq(pmsLink.connectionId, connectionId),
            eq(pmsLink.kind, "unit_type"),
            eq(pmsLink.localId, row.lead.desiredUnitTypeId),
          ),
        )
    : [];
  // A lead that booked is in the PMS already, as its reservation (a storEDGE lead with
  // is_reservation, a Stora contact with an order): a second record would be a duplicate.
  const [booked] = await tx
    .select({ status: pmsWriteBack.status, externalId: pmsWriteBack.externalId })
    .from(pmsWriteBack)
    .innerJoin(reservation, eq(reservation.id, pmsWriteBack.localId))
    .where(
      and(
        eq(pmsWriteBack.organizationId, organizationId),
        eq(pmsWriteBack.connectionId, connectionId),
        eq(pmsWriteBack.kind, "reservation"),
        eq(reservation.leadId, leadId),
      ),
    )
    .orderBy(desc(pmsWriteBack.createdAt))
    .limit(1);
  return { ...row, unitTypeExternalId: type?.externalId ?? null, booked: booked ?? null };
}

/**
 * One attempt at a lead, as one transaction that holds the write-back row's lock from the check
 * that this person has not booked to the stored PMS id: the one deliberate PMS call made with a
 * transaction open outside a booking (a background job, bounded by the request timeout). A booking
 * of the same person meanwhile sees the lock, waits for it and makes its reservation from the lead's
 * record (writeBackBooking); a lead attempt that starts while a booking holds the lock waits for the
 * booking and then finds it. Either way one PMS record per person.
 */
async function attemptLeadWriteBack(
  organizationId: string,
  writeBackId: string,
  connection: typeof pmsConnection.$inferSelect,
  leadId: string,
): Promise<AttemptOutcome> {
  return withOrg(organizationId, async (tx) => {
    const [locked] = await tx
      .select({ status: pmsWriteBack.status })
      .from(pmsWriteBack)
      .where(and(eq(pmsWriteBack.organizationId, organizationId), eq(pmsWriteBack.id, writeBackId)))
      .for("update");
    if (locked?.status !== "pending") return "done";
    const l = await loadLead(tx, organizationId, connection.id, leadId);
    if (!l || !l.facilityExternalId) {
      await finishIn(tx, organizationId, writeBackId, {
        status: "failed",
        lastError: "The lead's facility is no longer linked to the PMS.",
      });
      return "done";
    }
    if (l.booked?.status === "succeeded") {
      await finishIn(tx, organizationId, writeBackId, {
        status: "succeeded",
        externalId: l.booked.externalId,
        lastError: null,
      });
      return "done";
    }
    if (l.booked?.status === "pending") {
      // The booking of this lead is on its way to the PMS (held as pending): it will carry the person
      // there; a lead written now would be a second record of them. Asked again at the next attempt.
      await finishIn(
        tx,
        organizationId,
        writeBackId,
        { lastError: "Waiting for the booking of this lead to reach the PMS." },
        undefined,
        { attempted: false },
      );
      return "retry";
    }
    const { externalId } = await adapterFor(connection).createLead({
      localId: leadId,
      facilityExternalId: l.facilityExternalId,
      unitTypeExternalId: l.unitTypeExternalId,
      desiredMoveInDate: l.lead.desiredMoveInDate,
      customer: l.customer,
    });
    await finishIn(
      tx,
      organizationId,
      writeBackId,
      { status: "succeeded", externalId, lastError: null },
      { connectionId: connection.id, localId: leadId, externalId, kind: "lead" },
    );
    return "done";
  });
}

/**
 * How a payment reaches the PMS ids of its facility and unit: through its rental, else its
 * reservation (the payment and refund write-backs both send them).
 */
function paymentPlaceJoins(organizationId: string, connectionId: string) {
  return {
    rental: and(eq(rental.organizationId, organizationId), eq(rental.id, payment.rentalId)),
    reservation: and(eq(reservation.organizationId, organizationId), eq(reservation.id, payment.reservationId)),
    facilityMap: and(
      eq(pmsFacilityMap.connectionId, connectionId),
      eq(pmsFacilityMap.facilityId, sql`coalesce(${rental.facilityId}, ${reservation.facilityId})`),
    ),
    unitLink: and(
      eq(pmsLink.connectionId, connectionId),
      eq(pmsLink.kind, "unit"),
      eq(pmsLink.localId, sql`coalesce(${rental.unitId}, ${reservation.unitId})`),
    ),
  };
}

/** What a payment write-back sends: the payment, its person, and the PMS ids of its facility and unit. */
async function loadPayment(organizationId: string, connectionId: string, paymentId: string) {
  const on = paymentPlaceJoins(organizationId, connectionId);
  return withOrg(organizationId, async (tx) => {
    const [row] = await tx
      .select({
        payment,
        customer: { name: customer.name, phone: customer.phone, email: customer.email },
        facilityExternalId: pmsFacilityMap.externalId,
        unitExternalId: pmsLink.externalId,
      })
      .from(payment)
      .innerJoin(customer, eq(customer.id, payment.customerId))
      .leftJoin(rental, on.rental)
      .leftJoin(reservation, on.reservation)
      .leftJoin(pmsFacilityMap, on.facilityMap)
      .leftJoin(pmsLink, on.unitLink)
      .where(and(eq(payment.organizationId, organizationId), eq(payment.id, paymentId)));
    return row ?? null;
  });
}

async function attemptPaymentWriteBack(
  organizationId: string,
  writeBackId: string,
  connection: typeof pmsConnection.$inferSelect,
  paymentId: string,
) {
  const p = await loadPayment(organizationId, connection.id, paymentId);
  if (!p || !p.facilityExternalId) {
    await finish(organizationId, writeBackId, {
      status: "failed",
      lastError: "The payment's facility is no longer linked to the PMS.",
    });
    return;
  }
  const { externalId } = await adapterFor(connection).postPayment({
    localId: paymentId,
    facilityExternalId: p.facilityExternalId,
    unitExternalId: p.unitExternalId,
    amountCents: p.payment.amountCents,
    currency: p.payment.currency,
    method: p.payment.method,
    receivedAt: p.payment.receivedAt,
    reference: p.payment.stripePaymentIntentId ?? p.payment.externalId ?? null,
    customer: p.customer,
  });
  await finish(organizationId, writeBackId, { status: "succeeded", externalId, lastError: null });
}

/**
 * What a refund write-back sends: the refund's ledger entry, its payment, that payment's own
 * write-back (what the PMS calls it, and whether it got there), the person and the PMS ids.
 */
async function loadRefund(organizationId: string, connectionId: string, ledgerEntryId: string) {
  const on = paymentPlaceJoins(organizationId, connectionId);
  return withOrg(organizationId, async (tx) => {
    const [row] = await tx
      .select({
        refund: ledgerEntry,
        payment,
        customer: { name: customer.name, phone: customer.phone, email: customer.email },
        facilityExternalId: pmsFacilityMap.externalId,
        unitExternalId: pmsLink.externalId,
        paymentWriteBack: { status: pmsWriteBack.status, externalId: pmsWriteBack.externalId },
      })
      .from(ledgerEntry)
      .innerJoin(payment, and(eq(payment.organizationId, organizationId), eq(payment.id, ledgerEntry.paymentId)))
      .innerJoin(customer, eq(customer.id, payment.customerId))
      .leftJoin(
        pmsWriteBack,
        and(
          eq(pmsWriteBack.connectionId, connectionId),
          eq(pmsWriteBack.kind, "payment"),
          eq(pmsWriteBack.localId, payment.id),
        ),
      )
      .leftJoin(rental, on.rental)
      .leftJoin(reservation, on.reservation)
      .leftJoin(pmsFacilityMap, on.facilityMap)
      .leftJoin(pmsLink, on.unitLink)
      .where(and(eq(ledgerEntry.organizationId, organizationId), eq(ledgerEntry.id, ledgerEntryId)));
    return row ?? null;
  });
}

async function attemptRefundWriteBack(
  organizationId: string,
  writeBackId: string,
  connection: typeof pmsConnection.$inferSelect,
  ledgerEntryId: string,
): Promise<AttemptOutcome> {
  const r = await loadRefund(organizationId, connection.id, ledgerEntryId);
  if (!r || !r.facilityExternalId) {
    await finish(organizationId, writeBackId, {
      status: "failed",
      lastError: "The refunded payment's facility is no longer linked to the PMS.",
    });
    return "done";
  }
  const paid = r.paymentWriteBack;
  if (paid?.status === "pending") {
    // The payment itself has not reached the PMS yet: a refund there first would reverse nothing.
    await finish(
      organizationId,
      writeBackId,
      { lastError: "Waiting for the refunded payment to reach the PMS." },
      undefined,
      { attempted: false },
    );
    return "retry";
  }
  if (paid?.status !== "succeeded") {
    await finish(organizationId, writeBackId, {
      status: "refused",
      lastError: "The refunded payment never reached the PMS, so there is nothing there to reverse.",
    });
    return "done";
  }
  const { externalId } = await adapterFor(connection).postRefund({
    localId: r.refund.id,
    paymentLocalId: r.payment.id,
    paymentExternalId: paid.externalId,
    facilityExternalId: r.facilityExternalId,
    unitExternalId: r.unitExternalId,
    amountCents: r.refund.amountCents,
    currency: r.payment.currency,
    method: r.payment.method,
    refundedAt: r.refund.effectiveAt,
    reason: r.refund.description?.replace(/^Refund(: )?/, "") || null,
    reference: r.refund.externalId,
    customer: r.customer,
  });
  await finish(organizationId, writeBackId, { status: "succeeded", externalId, lastError: null });
  return "done";
}

export async function attemptWriteBack(organizationId: string, writeBackId: string): Promise<AttemptOutcome> {
  const s = await load(organizationId, writeBackId);
  if (!s || s.wb.status !== "pending") return "done";
  const provider = s.connection.provider;
  if (s.connection.status === "needs_credentials") {
    // Only the operator can fix this; keep the booking pending until they do (or the retries run out).
    await finish(organizationId, writeBackId, {
      lastError: "Waiting for the PMS credentials to be entered again (Settings > Integrations).",
    });
    return "retry";
  }
  if (s.connection.status !== "active") {
    await finish(organizationId, writeBackId, { status: "failed", lastError: "The PMS was disconnected." });
    return "done";
  }
  try {
    if (s.wb.kind === "lead") {
      if ((await attemptLeadWriteBack(organizationId, writeBackId, s.connection, s.wb.localId)) === "retry")
        return "retry";
    } else if (s.wb.kind === "payment") {
      await attemptPaymentWriteBack(organizationId, writeBackId, s.connection, s.wb.localId);
    } else if (s.wb.kind === "refund") {
      if ((await attemptRefundWriteBack(organizationId, writeBackId, s.connection, s.wb.localId)) === "retry")
        return "retry";
    } else if (s.wb.kind === "reservation") {
      const r = s.reservation;
      if (!r || r.status !== "active") {
        await finish(organizationId, writeBackId, {
          status: "failed",
          lastError: "The reservation is no longer active.",
        });
        return "done";
      }
      const unitExt = s.ext("unit");
      const typeExt = s.ext("unit_type");
      if (!unitExt || !typeExt || !s.facilityExternalId) {
        await finish(organizationId, writeBackId, {
          status: "failed",
          lastError: "The unit is no longer linked to the PMS.",
        });
        return "done";
      }
      const { externalId } = await adapterFor(s.connection).createReservation({
        localId: r.id,
        leadExternalId: s.leadExternalId,
        facilityExternalId: s.facilityExternalId,
        unitExternalId: unitExt,
        unitTypeExternalId: typeExt,
        moveInDate: r.moveInDate,
        monthlyRateCents: r.quotedMonthlyRateCents,
        customer: { name: s.customer?.name ?? "", phone: s.customer?.phone ?? null, email: s.customer?.email ?? null },
      });
      await finish(
        organizationId,
        writeBackId,
        { status: "succeeded", externalId, lastError: null },
        {
          connectionId: s.connection.id,
          localId: r.id,
          externalId,
        },
      );
    } else {
      const externalId = s.ext("reservation");
      if (!externalId || !s.facilityExternalId) {
        await finish(organizationId, writeBackId, { status: "failed", lastError: "Nothing to cancel in the PMS." });
        return "done";
      }
      await adapterFor(s.connection).cancelReservation({ externalId, facilityExternalId: s.facilityExternalId });
      await finish(organizationId, writeBackId, { status: "succeeded", externalId, lastError: null });
    }
    recordPmsWriteBack(provider, s.wb.kind, "succeeded");
    return "done";
  } catch (err) {
    if (!(err instanceof PmsError)) throw err;
    const lastError = err.pmsMessage ?? err.message;
    if (err.kind === "refused" && s.wb.kind === "reservation") {
      await finish(organizationId, writeBackId, { status: "refused", lastError });
      recordPmsWriteBack(provider, s.wb.kind, "refused");
      return "refused";
    }
    if (s.wb.kind !== "reservation" && ["refused", "invalid", "not_found"].includes(err.kind)) {
      // The PMS said no to a lead, a cancellation, a payment or a refund (no account to post it to): asking
      // again will not change its answer. The log shows its words.
      await finish(organizationId, writeBackId, { status: "refused", lastError });
      recordPmsWriteBack(provider, s.wb.kind, "refused");
      return "done";
    }
    await finish(organizationId, writeBackId, { lastError });
    return "retry";
  }
}

/**
 * The PMS finally refused a held booking, or never accepted it: our hold is cancelled (the unit is
 * not really ours to give), the customer is told by text, and staff by the "PMS failing" alert, so
 * a person calls them back with another unit. Nothing is silently dropped.
 */
export async function giveUpWriteBack(organizationId: string, writeBackId: string, why: "refused" | "unreachable") {
  const s = await load(organizationId, writeBackId);
  if (!s) return;
  if (s.wb.kind !== "reservation" || !s.reservation) {
    // A lead, cancellation or payment the PMS never took: the log says so; staff see it in Settings > Integrations.
    if (s.wb.status === "pending")
      await finish(
        organizationId,
        writeBackId,
        { status: "failed", lastError: s.wb.lastError ?? "The PMS did not answer." },
        undefined,
        { attempted: false },
      );
    return;
  }
  const r = s.reservation;
  if (why === "unreachable")
    await finish(
      organizationId,
      writeBackId,
      { status: "failed", lastError: s.wb.lastError ?? "The PMS did not answer." },
      undefined,
      { attempted: false },
    );
  if (r.status === "active")
    await withOrg(organizationId, (tx) =>
      cancelReservation(
        tx,
        organizationId,
        { label: "PMS write-back" },
        {
          reservationId: r.id,
          reason: `${PMS_PROVIDER_NAMES[s.connection.provider]} ${why === "refused" ? "refused the booking" : "could not be reached"}`,
        },
      ),
    );
  if (s.customer?.phone) {
    const sms = await sendSms({
      organizationId,
      to: s.customer.phone,
      facilityId: r.facilityId,
      idempotencyKey: `pms-write-back:${writeBackId}:customer`,
      body: `We're sorry: we could not confirm reservation ${r.confirmationCode} with the facility's system, so it is not held. A member of staff will call you to find you another unit.`,
    });
    if (!sms.ok) log.warn({ organizationId, reason: sms.reason }, "PMS give-up text not sent");
  }
  await fireAlert({
    organizationId,
    kind: "pms_failing",
    dedupeKey: `pms-booking:${r.id}`,
    facilityId: r.facilityId,
    subject: `Reservation ${r.confirmationCode} could not be written to ${PMS_PROVIDER_NAMES[s.connection.provider]}`,
    body: `Reservation ${r.confirmationCode} was cancelled because ${PMS_PROVIDER_NAMES[s.connection.provider]} ${why === "refused" ? `refused it (${s.wb.lastError ?? "unit taken"})` : "could not be reached"}. The customer was told by text; please call them to offer another unit.`,
    path: `reservations/${r.id}`,
  }).catch((err: unknown) => log.error({ err: String(err) }, "PMS give-up alert failed"));
}
