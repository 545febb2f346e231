import { and, eq, inArray, sql, type SQL } from "drizzle-orm";

import { env } from "@/env";
import { transactionKey, type Executor } from "@/server/db/client";
import { prepared, rawPrepared } from "@/server/db/prepared";
import {
  payment,
  PMS_LIVE_STATUSES,
  pmsConnection,
  pmsFacilityMap,
  pmsLink,
  pmsWriteBack,
  rental,
  reservation,
  type PmsProvider,
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

const LIVE = sql.raw(`(${PMS_LIVE_STATUSES.map((x) => `'${x}'`).join(", ")})`);

/**
 * The booking and everything its write-back sends, in one prepared statement (a voice turn pays each
 * round trip and drizzle's building of a wide select): the reservation, the live connection managing
 * its unit (no row: no PMS manages it), the customer, and the PMS ids of the unit, its type, its
 * facility and the person's lead (unless a reservation took that record), and whether that lead is
 * in flight to the PMS (leadInFlightSql, which also takes its row's lock when it is not).
 */
function targetStatement(ex: Executor, name: string) {
  const p = sql.placeholder;
  return rawPrepared(
    ex,
    sql`select r.id, r.unit_id as "unitId", r.lead_id as "leadId", r.move_in_date::text as "moveInDate",
        r.quoted_monthly_rate_cents as "quotedMonthlyRateCents",
        c.id as "connectionId", c.provider, c.credentials_encrypted as "credentialsEncrypted", c.settings,
        cu.name as "customerName", cu.phone as "customerPhone", cu.email as "customerEmail",
        ul.external_id as "unitExternalId",
        (select l.external_id from pms_link l
          where l.connection_id = c.id and l.kind = 'unit_type' and l.local_id = r.unit_type_id) as "unitTypeExternalId",
        m.external_id as "facilityExternalId",
        ${leadRecordSql(sql`c.id`, sql`r.lead_id`)} as "leadExternalId",
        ${leadInFlightSql(sql`c.id`, sql`r.lead_id`)} as "leadInFlight"
      from reservation r
      join pms_link ul on ul.organization_id = r.organization_id and ul.kind = 'unit' and ul.local_id = r.unit_id
      join pms_connection c on c.id = ul.connection_id and c.status in ${LIVE}
      join pms_facility_map m on m.connection_id = c.id and m.facility_id = r.facility_id
      left join customer cu on cu.organization_id = r.organization_id and cu.id = r.customer_id
      where r.organization_id = ${p("org")} and r.id = ${p("reservationId")}::uuid`,
    name,
  );
}

interface BookingTarget {
  id: string;
  unitId: string;
  leadId: string | null;
  moveInDate: string;
  quotedMonthlyRateCents: number;
  connectionId: string;
  provider: PmsProvider;
  credentialsEncrypted: string;
  settings: { facilityIds?: string[] };
  customerName: string | null;
  customerPhone: string | null;
  customerEmail: string | null;
  unitExternalId: string;
  unitTypeExternalId: string | null;
  facilityExternalId: string;
  leadExternalId: string | null;
  leadInFlight: boolean;
}

async function bookingTarget(tx: Executor, organizationId: string, reservationId: string) {
  const { rows } = (await prepared(tx, "pms_booking_target", targetStatement).execute({
    org: organizationId,
    reservationId,
  })) as { rows: BookingTarget[] };
  return rows[0] ?? null;
}

/**
 * The booking's log row, and for an accepted booking its reservation link and the person's lead
 * write-back, in one statement. The lead's write-back, queued when the caller was captured (earlier
 * in this transaction, or pending since), would only find this booking and record its PMS id (a
 * storEDGE reservation is a lead; a Stora order has its contact: write-back-retry.ts, loadLead): it
 * is recorded so here, and its outbox row, when not started yet, goes, so no workflow runs for it.
 * A lead row another transaction holds (its attempt in flight) is left to that attempt, which finds
 * this booking the same way.
 */
function recordStatement(ex: Executor, name: string) {
  const p = sql.placeholder;
  const ext = sql`${p("externalId")}::text`;
  return rawPrepared(
    ex,
    sql`with wb as (
        insert into pms_write_back (organization_id, connection_id, kind, local_id, status, external_id, attempts, last_error)
        values (${p("org")}, ${p("conn")}::uuid, 'reservation', ${p("reservationId")}::uuid, ${p("status")}::text, ${ext}, 1, ${p("lastError")}::text)
        returning id
      ), link as (
        insert into pms_link (organization_id, connection_id, kind, local_id, external_id)
        select ${p("org")}, ${p("conn")}::uuid, 'reservation', ${p("reservationId")}::uuid, ${ext} where ${ext} is not null
        on conflict do nothing
      ), lead_settled as (
        update pms_write_back set status = 'succeeded', external_id = ${ext}, last_error = null,
          attempts = attempts + 1, updated_at = now()
        where id in (select w.id from pms_write_back w
          where w.organization_id = ${p("org")} and w.connection_id = ${p("conn")}::uuid and w.kind = 'lead'
            and w.local_id = ${p("leadId")}::uuid and w.status = 'pending' and ${ext} is not null
          for update skip locked)
        returning id
      ), unqueued as (
        delete from job_outbox where id in (select o.id from job_outbox o
          where o.organization_id = ${p("org")}
            and o.workflow_id in (select ${RETRY_WORKFLOW_PREFIX}::text || id::text from lead_settled)
          for update skip locked)
      )
      select (select id from wb) as id, (select count(*) from lead_settled)::int as "leadSettled"`,
    name,
  );
}

/** Whether the organization has a live PMS connection (createReservation then books under a savepoint). */
export const hasActivePms = hasLivePms;

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

/**
 * The booking's write-back (the PMS subscriber calls it on reservation.created, inside the booking's
 * transaction): accepted, pending, or none when no live PMS manages the unit. Throws PmsUnitRefused.
 */
export async function writeBackBooking(
  tx: Executor,
  organizationId: string,
  reservationId: string,
  budgetMs = env.PMS_BOOKING_BUDGET_MS,
): Promise<BookingWriteBack> {
  const started = Date.now();
  const target = await bookingTarget(tx, organizationId, reservationId);
  if (!target || !target.unitTypeExternalId) return { status: "none" };
  const conn = { id: target.connectionId, provider: target.provider };
  let leadExternalId = target.leadExternalId;
  const record = async (status: "succeeded" | "pending", externalId: string | null, lastError: string | null) => {
    const { rows } = (await prepared(tx, "pms_booking_record", recordStatement).execute({
      org: organizationId,
      conn: conn.id,
      reservationId,
      status,
      externalId,
      lastError,
      leadId: target.leadId,
    })) as { rows: { id: string; leadSettled: number }[] };
    recordPmsWriteBack(conn.provider, "reservation", status);
    if (rows[0]!.leadSettled) recordPmsWriteBack(conn.provider, "lead", "succeeded");
    return rows[0]!.id;
  };
  const pending = async (lastError: string) => {
    const writeBackId = await record("pending", null, lastError);
    const job = retryJob(organizationId, writeBackId);
    await enqueueInTransaction(tx, [job]);
    return remember(tx, reservationId, { status: "pending", writeBackId, workflowId: job.workflowId });
  };
  if (target.leadInFlight && target.leadId) {
    // The person's lead is being written to the PMS this moment (a race of a few hundred ms): wait
    // for it, up to half the budget, and make the reservation from that record. Still in flight: the
    // booking is held as pending and the retry, which finds the lead's record, makes it from that.
    const waited = await waitForLeadWriteBack(tx, conn.id, target.leadId, budgetMs / 2 - (Date.now() - started));
    if (!waited) return pending("Waiting for this person's lead to reach the PMS.");
    leadExternalId = waited.externalId;
  }
  try {
    const { externalId } = await adapterFor(target, { budgetMs: budgetMs - (Date.now() - started) }).createReservation({
      localId: reservationId,
      leadExternalId,
      facilityExternalId: target.facilityExternalId,
      unitExternalId: target.unitExternalId,
      unitTypeExternalId: target.unitTypeExternalId,
      moveInDate: target.moveInDate,
      monthlyRateCents: target.quotedMonthlyRateCents,
      customer: {
        name: target.customerName ?? "",
        phone: target.customerPhone,
        email: target.customerEmail,
      },
    });
    await record("succeeded", externalId, null);
    return remember(tx, reservationId, { status: "accepted", externalId });
  } catch (err) {
    if (!(err instanceof PmsError)) throw err;
    if (err.kind === "refused") {
      recordPmsWriteBack(conn.provider, "reservation", "refused");
      throw new PmsUnitRefused(target.unitId, err.pmsMessage);
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
  const { rows } = (await prepared(tx, "pms_queue_lead", queueLeadStatement).execute({
    org: organizationId,
    leadId,
  })) as { rows: { id: string }[] };
  return rows[0] ? retryJob(organizationId, rows[0].id).workflowId : null;
}

/**
 * queueLeadWriteBack in one prepared statement (it runs in every booking, on lead.captured and again
 * on the booking's lead.updated): the live connection managing the lead's facility, the write-back
 * row (none when it is there already) and its retry workflow's outbox row (retryJob's id and args).
 */
function queueLeadStatement(ex: Executor, name: string) {
  const p = sql.placeholder;
  return rawPrepared(
    ex,
    sql`with target as (
        select m.connection_id from lead l
        join pms_facility_map m on m.organization_id = l.organization_id and m.facility_id = l.facility_id
        join pms_connection c on c.id = m.connection_id and c.status in ${LIVE}
        where l.organization_id = ${p("org")} and l.id = ${p("leadId")}::uuid
      ), wb as (
        insert into pms_write_back (organization_id, connection_id, kind, local_id)
        select ${p("org")}, connection_id, 'lead', ${p("leadId")}::uuid from target
        on conflict do nothing
        returning id
      ), queued as (
        insert into job_outbox (organization_id, workflow_name, workflow_id, args)
        select ${p("org")}, ${WORKFLOWS.pmsWriteBack}::text, ${RETRY_WORKFLOW_PREFIX}::text || id::text,
          jsonb_build_array(jsonb_build_object('organizationId', ${p("org")}::text, 'writeBackId', id))
        from wb
        on conflict do nothing
      )
      select id from wb`,
    name,
  );
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

const RETRY_WORKFLOW_PREFIX = "pms-write-back:";

export function retryJob(organizationId: string, writeBackId: string) {
  return {
    organizationId,
    workflowName: WORKFLOWS.pmsWriteBack,
    workflowId: `${RETRY_WORKFLOW_PREFIX}${writeBackId}`,
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
