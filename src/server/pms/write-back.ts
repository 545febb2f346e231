import { and, eq, inArray, sql, type SQL } from "drizzle-orm";

import { env } from "@/env";
import { transactionKey, type Executor } from "@/server/db/client";
import {
  customer,
  lead,
  payment,
  PMS_LIVE_STATUSES,
  pmsConnection,
  pmsFacilityMap,
  pmsLink,
  pmsWriteBack,
  rental,
  reservation,
  unit,
  type PmsWriteBackKind,
} from "@/server/db/schema";
import { adapterFor } from "@/server/integrations/pms";
import { PmsError } from "@/server/integrations/pms/types";
import { enqueueInTransaction } from "@/server/jobs/outbox";
import { WORKFLOWS } from "@/server/jobs/names";
import { recordPmsWriteBack } from "@/server/observability/metrics";

import { hasLivePms } from "./presence";

/**
 * Write-back of bookings (docs/integrations.md, "Write-back"). A reservation on a PMS-managed unit is
 * created in the PMS inside the booking's transaction, within PMS_BOOKING_BUDGET_MS (1.5 s by default:
 * a voice turn must answer in about two seconds, and the fakes and real PMS APIs answer a create in
 * a few hundred milliseconds, so the budget only bites when the PMS is in trouble):
 *   - accepted: the PMS id is stored with the write-back row and a reservation link;
 *   - refused (the unit was taken there): PmsUnitRefused is thrown and createReservation rolls the
 *     attempt back to its savepoint and books the next free unit of the type;
 *   - slow or down: the hold stays ours ("pending PMS"), a pending write-back row and the retry
 *     workflow's outbox row are written in the same transaction, so nothing is lost either way.
 * Our hold's row lock and the unique active-reservation index still guard against double booking
 * here while the PMS catches up; the sync never releases a unit we hold (apply-inventory.ts).
 */
export class PmsUnitRefused extends Error {
  constructor(
    readonly unitId: string,
    readonly pmsMessage: string | null,
  ) {
    super(`The PMS refused unit ${unitId}`);
    this.name = "PmsUnitRefused";
  }
}

export type BookingWriteBack =
  | { status: "none" }
  | { status: "accepted"; externalId: string }
  | { status: "pending"; writeBackId: string; workflowId: string };

/**
 * The PMS record our lead was written back as, on this connection, unless a reservation already
 * took it (a storEDGE lead converted by an earlier booking is that booking's; a Stora contact never
 * matches a reservation's order id, so it is reused by every booking of that person).
 */
export const leadRecordSql = (connectionId: SQL | string, leadId: SQL | string | null) =>
  sql<string | null>`(select l.external_id from pms_link l
    where l.connection_id = ${connectionId} and l.kind = 'lead' and l.local_id = ${leadId}
      and not exists (select 1 from pms_link r
        where r.connection_id = l.connection_id and r.kind = 'reservation' and r.external_id = l.external_id))`;

/**
 * The person's lead write-back is on its way to the PMS right now: pending, and its row is locked by
 * the attempt that is creating it there (attemptLeadWriteBack holds the lock across its request).
 * Otherwise the `skip locked` sub-select takes the lock for this booking's transaction, so a lead
 * attempt that starts now waits for the booking and then finds it (one PMS record per person).
 */
const leadInFlightSql = (connectionId: SQL, leadId: SQL) => {
  const where = sql`w.connection_id = ${connectionId} and w.kind = 'lead' and w.local_id = ${leadId} and w.status = 'pending'`;
  return sql<boolean>`(exists (select 1 from pms_write_back w where ${where})
    and not exists (select 1 from (select w.id from pms_write_back w where ${where} for update of w skip locked) l))`;
};

/** The active connection managing a unit, with the PMS ids a reservation on it needs. */
async function bookingTarget(tx: Executor, organizationId: string, r: BookedReservation) {
  const { unitId, leadId } = r;
  const [row] = await tx
    .select({
      connection: pmsConnection,
      // The booking's customer, in the same statement (a voice turn pays each round trip).
      customer: { name: customer.name, phone: customer.phone, email: customer.email },
      unitExternalId: pmsLink.externalId,
      unitTypeExternalId: sql<
        string | null
      >`(select l.external_id from pms_link l where l.connection_id = ${pmsConnection.id} and l.kind = 'unit_type' and l.local_id = ${unit.unitTypeId})`,
      facilityExternalId: pmsFacilityMap.externalId,
      leadExternalId: leadId ? leadRecordSql(sql`${pmsConnection.id}`, sql`${leadId}::uuid`) : sql<null>`null`,
      leadInFlight: leadId ? leadInFlightSql(sql`${pmsConnection.id}`, sql`${leadId}::uuid`) : sql<boolean>`false`,
    })
    .from(pmsLink)
    .innerJoin(
      pmsConnection,
      and(eq(pmsConnection.id, pmsLink.connectionId), inArray(pmsConnection.status, PMS_LIVE_STATUSES)),
    )
    .innerJoin(unit, eq(unit.id, pmsLink.localId))
    .innerJoin(
      pmsFacilityMap,
      and(eq(pmsFacilityMap.connectionId, pmsConnection.id), eq(pmsFacilityMap.facilityId, unit.facilityId)),
    )
    .leftJoin(customer, and(eq(customer.organizationId, organizationId), eq(customer.id, r.customerId)))
    .where(and(eq(pmsLink.organizationId, organizationId), eq(pmsLink.kind, "unit"), eq(pmsLink.localId, unitId)));
  return row ?? null;
}

/** Whether the organization has a live PMS connection (createReservation then books under a savepoint). */
export const hasActivePms = hasLivePms;

export interface BookedReservation {
  id: string;
  unitId: string;
  customerId: string;
  leadId: string | null;
  moveInDate: string;
  quotedMonthlyRateCents: number;
}

/** What writeBackBooking came to, per transaction and reservation, for createReservation to report. */
const outcomes = new WeakMap<object, Map<string, BookingWriteBack>>();
function remember(tx: Executor, reservationId: string, outcome: BookingWriteBack): BookingWriteBack {
  const key = transactionKey(tx);
  let m = outcomes.get(key);
  if (!m) outcomes.set(key, (m = new Map()));
  m.set(reservationId, outcome);
  return outcome;
}

/**
 * Waits, at most `waitMs`, for the person's lead write-back in flight to finish (its row lock), then
 * reads the PMS record it made. Null when it is still in flight. The wait runs under a savepoint
 * with a local lock_timeout, so a timeout leaves the booking's transaction usable.
 */
async function waitForLeadWriteBack(
  tx: Executor,
  connectionId: string,
  leadId: string,
  waitMs: number,
): Promise<{ externalId: string | null } | null> {
  if (waitMs <= 0) return null;
  try {
    return await tx.transaction(async (sp) => {
      const { rows } = await sp.execute<{ before: string }>(
        sql`select current_setting('lock_timeout') as before, set_config('lock_timeout', ${`${Math.round(waitMs)}ms`}, true)`,
      );
      await sp.execute(sql`select id from pms_write_back
        where connection_id = ${connectionId} and kind = 'lead' and local_id = ${leadId} for update`);
      const { rows: found } = await sp.execute<{ id: string | null }>(
        sql`select ${leadRecordSql(connectionId, leadId)} as id, set_config('lock_timeout', ${rows[0]!.before}, true)`,
      );
      return { externalId: found[0]?.id ?? null };
    });
  } catch (err) {
    const e = (err as { cause?: unknown })?.cause ?? err;
    if ((e as { code?: string })?.code === "55P03") return null;
    throw err;
  }
}

export async function writeBackBooking(
  tx: Executor,
  organizationId: string,
  r: BookedReservation,
  budgetMs = env.PMS_BOOKING_BUDGET_MS,
): Promise<BookingWriteBack> {
  const started = Date.now();
  const target = await bookingTarget(tx, organizationId, r);
  if (!target || !target.unitTypeExternalId) return { status: "none" };
  const conn = target.connection;
  let leadExternalId = target.leadExternalId;
  // The log row, and for an accepted booking its reservation link, in one statement.
  const record = async (status: "succeeded" | "pending", externalId: string | null, lastError: string | null) => {
    const { rows } = await tx.execute<{ id: string }>(sql`
      with wb as (
        insert into pms_write_back (organization_id, connection_id, kind, local_id, status, external_id, attempts, last_error)
        values (${organizationId}, ${conn.id}, 'reservation', ${r.id}, ${status}, ${externalId}, 1, ${lastError})
        returning id
      ), link as (
        insert into pms_link (organization_id, connection_id, kind, local_id, external_id)
        select ${organizationId}, ${conn.id}, 'reservation', ${r.id}, ${externalId} where ${externalId}::text is not null
        on conflict do nothing
      )
      select id from wb`);
    recordPmsWriteBack(conn.provider, "reservation", status);
    return rows[0]!.id;
  };
  const pending = async (lastError: string) => {
    const writeBackId = await record("pending", null, lastError);
    const job = retryJob(organizationId, writeBackId);
    await enqueueInTransaction(tx, [job]);
    return remember(tx, r.id, { status: "pending", writeBackId, workflowId: job.workflowId });
  };
  if (target.leadInFlight && r.leadId) {
    // The person's lead is being written to the PMS this moment (a race of a few hundred ms): wait
    // for it, up to half the budget, and make the reservation from that record. Still in flight: the
    // booking is held as pending and the retry, which finds the lead's record, makes it from that.
    const waited = await waitForLeadWriteBack(tx, conn.id, r.leadId, budgetMs / 2 - (Date.now() - started));
    if (!waited) return pending("Waiting for this person's lead to reach the PMS.");
    leadExternalId = waited.externalId;
  }
  try {
    const { externalId } = await adapterFor(conn, { budgetMs: budgetMs - (Date.now() - started) }).createReservation({
      localId: r.id,
      leadExternalId,
      facilityExternalId: target.facilityExternalId,
      unitExternalId: target.unitExternalId,
      unitTypeExternalId: target.unitTypeExternalId,
      moveInDate: r.moveInDate,
      monthlyRateCents: r.quotedMonthlyRateCents,
      customer: {
        name: target.customer?.name ?? "",
        phone: target.customer?.phone ?? null,
        email: target.customer?.email ?? null,
      },
    });
    await record("succeeded", externalId, null);
    return remember(tx, r.id, { status: "accepted", externalId });
  } catch (err) {
    if (!(err instanceof PmsError)) throw err;
    if (err.kind === "refused") {
      recordPmsWriteBack(conn.provider, "reservation", "refused");
      throw new PmsUnitRefused(r.unitId, err.pmsMessage);
    }
    return pending(err.pmsMessage ?? err.message);
  }
}

/**
 * What the booking's write-back came to, as createReservation reports it (the PMS subscriber wrote
 * it in this transaction): accepted with the PMS id, pending (retried durably), or none (no PMS
 * manages the unit).
 */
export async function bookingWriteBackOf(
  tx: Executor,
  organizationId: string,
  reservationId: string,
): Promise<BookingWriteBack> {
  // Written in this transaction by the subscriber: known without reading it back.
  const known = outcomes.get(transactionKey(tx))?.get(reservationId);
  if (known) return known;
  const [row] = await tx
    .select({ id: pmsWriteBack.id, status: pmsWriteBack.status, externalId: pmsWriteBack.externalId })
    .from(pmsWriteBack)
    .where(
      and(
        eq(pmsWriteBack.organizationId, organizationId),
        eq(pmsWriteBack.kind, "reservation"),
        eq(pmsWriteBack.localId, reservationId),
      ),
    );
  if (!row) return { status: "none" };
  if (row.status === "succeeded" && row.externalId) return { status: "accepted", externalId: row.externalId };
  return { status: "pending", writeBackId: row.id, workflowId: retryJob(organizationId, row.id).workflowId };
}

/**
 * A lead whose facility a live PMS connection manages becomes a PMS lead (storEDGE lead, Stora
 * contact), once: the write-back row is unique per lead, so later lead.updated events find it and
 * do nothing. A lead without a facility yet is queued when an update gives it one. Nobody waits on
 * a lead, so it always goes through the retry workflow (after the commit), never inside the caller.
 */
export async function queueLeadWriteBack(tx: Executor, organizationId: string, leadId: string) {
  const [target] = await tx
    .select({ connectionId: pmsFacilityMap.connectionId })
    .from(lead)
    .innerJoin(
      pmsFacilityMap,
      and(eq(pmsFacilityMap.organizationId, organizationId), eq(pmsFacilityMap.facilityId, lead.facilityId)),
    )
    .innerJoin(
      pmsConnection,
      and(eq(pmsConnection.id, pmsFacilityMap.connectionId), inArray(pmsConnection.status, PMS_LIVE_STATUSES)),
    )
    .where(and(eq(lead.organizationId, organizationId), eq(lead.id, leadId)));
  if (!target) return null;
  const [row] = await tx
    .insert(pmsWriteBack)
    .values({ organizationId, connectionId: target.connectionId, kind: "lead", localId: leadId })
    .onConflictDoNothing()
    .returning({ id: pmsWriteBack.id });
  if (!row) return null;
  const job = retryJob(organizationId, row.id);
  await enqueueInTransaction(tx, [job]);
  return job.workflowId;
}

/**
 * After a refusal rolled the attempt back: the unit is out of sale here until the next sync brings
 * the PMS's word on it (its link's hash is cleared, so that sync rewrites it whatever it says).
 */
export async function markRefusedUnit(tx: Executor, organizationId: string, unitId: string, reason: string | null) {
  await tx.execute(sql`
    with u as (
      update unit set status = 'unavailable', updated_at = now()
      where organization_id = ${organizationId} and id = ${unitId} and status = 'available'
      returning id
    ), h as (
      insert into unit_status_history (organization_id, unit_id, from_status, to_status, reason, actor_label)
      select ${organizationId}, id, 'available', 'unavailable', ${`taken in the PMS${reason ? `: ${reason}` : ""}`}, 'PMS write-back'
      from u
    )
    update pms_link set content_hash = null
    where organization_id = ${organizationId} and kind = 'unit' and local_id = ${unitId}`);
}

export function retryJob(organizationId: string, writeBackId: string) {
  return {
    organizationId,
    workflowName: WORKFLOWS.pmsWriteBack,
    workflowId: `pms-write-back:${writeBackId}`,
    args: [{ organizationId, writeBackId }],
  };
}

/**
 * A cancellation or expiry of a reservation the PMS holds: written back by the retry workflow (no
 * caller waits on it), recorded in the caller's transaction (the PMS subscriber, on
 * reservation.cancelled / reservation.expired) so it happens if and only if the change commits.
 * Both release the PMS hold the same way, so both are a "cancellation" write-back. Returns the
 * workflow id to kick after the commit, or null.
 */
export async function queueReservationRelease(
  tx: Executor,
  organizationId: string,
  reservationId: string,
): Promise<string | null> {
  const [link] = await tx
    .select({ connectionId: pmsLink.connectionId })
    .from(pmsLink)
    .innerJoin(
      pmsConnection,
      and(eq(pmsConnection.id, pmsLink.connectionId), inArray(pmsConnection.status, PMS_LIVE_STATUSES)),
    )
    .where(
      and(
        eq(pmsLink.organizationId, organizationId),
        eq(pmsLink.kind, "reservation"),
        eq(pmsLink.localId, reservationId),
      ),
    );
  // A booking still pending in the PMS: the retry workflow sees the reservation is no longer active
  // and stops; there is nothing there to cancel yet.
  if (!link) return null;
  const kind: PmsWriteBackKind = "cancellation";
  const [row] = await tx
    .insert(pmsWriteBack)
    .values({ organizationId, connectionId: link.connectionId, kind, localId: reservationId })
    .onConflictDoNothing()
    .returning({ id: pmsWriteBack.id });
  if (!row) return null;
  const job = retryJob(organizationId, row.id);
  await enqueueInTransaction(tx, [job]);
  return job.workflowId;
}

/**
 * A payment we received (payment.succeeded) for a rental or reservation at a facility a live PMS
 * connection manages: posted to the tenant's PMS account by the retry workflow, once (the write-back
 * row is unique per payment, and the adapters send our payment id as the PMS's idempotency key, so a
 * retried event or a retried attempt never posts twice). Payments that came from the PMS (mirrored)
 * or from a file import are the PMS's already. Returns the workflow id to kick after the commit, or null.
 */
export async function queuePaymentWriteBack(tx: Executor, organizationId: string, paymentId: string) {
  const [target] = await tx
    .select({ connectionId: pmsFacilityMap.connectionId })
    .from(payment)
    .leftJoin(rental, and(eq(rental.organizationId, organizationId), eq(rental.id, payment.rentalId)))
    .leftJoin(
      reservation,
      and(eq(reservation.organizationId, organizationId), eq(reservation.id, payment.reservationId)),
    )
    .innerJoin(
      pmsFacilityMap,
      and(
        eq(pmsFacilityMap.organizationId, organizationId),
        eq(pmsFacilityMap.facilityId, sql`coalesce(${rental.facilityId}, ${reservation.facilityId})`),
      ),
    )
    .innerJoin(
      pmsConnection,
      and(eq(pmsConnection.id, pmsFacilityMap.connectionId), inArray(pmsConnection.status, PMS_LIVE_STATUSES)),
    )
    .where(
      and(
        eq(payment.organizationId, organizationId),
        eq(payment.id, paymentId),
        eq(payment.status, "succeeded"),
        inArray(payment.source, ["app", "stripe"]),
      ),
    );
  if (!target) return null;
  const [row] = await tx
    .insert(pmsWriteBack)
    .values({ organizationId, connectionId: target.connectionId, kind: "payment", localId: paymentId })
    .onConflictDoNothing()
    .returning({ id: pmsWriteBack.id });
  if (!row) return null;
  const job = retryJob(organizationId, row.id);
  await enqueueInTransaction(tx, [job]);
  return job.workflowId;
}

/**
 * A refund (payment.refunded) of a payment we posted to the PMS (or are posting: its write-back row
 * exists on a live connection): recorded there once by the retry workflow, on the same connection,
 * keyed by the refund's ledger entry (the write-back row is unique per refund). A payment that never
 * went to the PMS (no PMS then, a mirrored or imported one) has nothing there to reverse.
 */
export async function queueRefundWriteBack(
  tx: Executor,
  organizationId: string,
  paymentId: string,
  ledgerEntryId: string,
): Promise<string | null> {
  const [row] = await tx
    .execute<{ id: string }>(
      sql`
    insert into pms_write_back (organization_id, connection_id, kind, local_id)
    select ${organizationId}, w.connection_id, 'refund', ${ledgerEntryId}
    from pms_write_back w
    join pms_connection c on c.id = w.connection_id and c.status in ${sql.raw(`('${PMS_LIVE_STATUSES.join("','")}')`)}
    where w.organization_id = ${organizationId} and w.kind = 'payment' and w.local_id = ${paymentId}
    on conflict do nothing
    returning id`,
    )
    .then((r) => r.rows);
  if (!row) return null;
  const job = retryJob(organizationId, row.id);
  await enqueueInTransaction(tx, [job]);
  return job.workflowId;
}
