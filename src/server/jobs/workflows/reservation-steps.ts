import { and, eq, inArray } from "drizzle-orm";

import { DEFAULT_TIME_ZONE } from "@/server/analytics/filters";
import { sendSms } from "@/server/integrations/sms/send-sms";
import { withOrg, type Transaction } from "@/server/db/client";
import { facility, followUpSequence, lead } from "@/server/db/schema";
import { formatCents } from "@/server/domain/pricing/money";
import { localDate } from "@/server/domain/facilities/local-date";
import { expireDueReservations } from "@/server/domain/reservations/expire-reservations";
import { getReservation } from "@/server/domain/reservations/list-reservations";
import { sendEmail } from "@/server/integrations/email";
import { log } from "@/server/log";

import { dayBeforeAt } from "../quiet-hours";
import { getAutomationSettings } from "../settings";

/**
 * Steps of the reservation lifecycle. Every text and e-mail carries an idempotency key made of the
 * reservation id and the message's purpose, so a step DBOS re-runs after a crash sends nothing twice.
 */
export interface ReservationSnapshot {
  status: string;
  holdExpiresAt: number;
  moveInDate: string;
  timeZone: string;
  remindersEnabled: boolean;
  liveFollowUps: string[];
  now: number;
}

type Row = Awaited<ReturnType<typeof getReservation>>;

export async function snapshot(organizationId: string, reservationId: string): Promise<ReservationSnapshot | null> {
  return withOrg(organizationId, async (tx) => {
    const row = await getReservation(tx, organizationId, { id: reservationId }).catch(() => null);
    if (!row) return null;
    const settings = await getAutomationSettings(tx, organizationId);
    const { timeZone } = (await facilityZone(tx, row)) ?? { timeZone: DEFAULT_TIME_ZONE };
    // Follow-ups still running for this customer's lead stop: they reserved.
    const live = await tx
      .select({ workflowId: followUpSequence.workflowId })
      .from(followUpSequence)
      .innerJoin(lead, eq(lead.id, followUpSequence.leadId))
      .where(
        and(
          eq(followUpSequence.organizationId, organizationId),
          eq(lead.customerId, row.customer.id),
          inArray(followUpSequence.status, ["active", "paused"]),
        ),
      );
    return {
      status: row.reservation.status,
      holdExpiresAt: row.reservation.holdExpiresAt.getTime(),
      moveInDate: row.reservation.moveInDate,
      timeZone,
      remindersEnabled: settings.reservationReminders,
      liveFollowUps: live.map((l) => l.workflowId),
      now: Date.now(),
    };
  });
}

async function facilityZone(tx: Transaction, row: Row) {
  const [f] = await tx
    .select({ timeZone: facility.timeZone })
    .from(facility)
    .where(eq(facility.id, row.reservation.facilityId));
  return f ?? null;
}

export const reminderMoment = (s: Pick<ReservationSnapshot, "moveInDate" | "timeZone">) =>
  dayBeforeAt(s.moveInDate, s.timeZone).getTime();

function quoteSummary(row: Row): string {
  const q = row.reservation.quote as { dueAtMoveInCents?: number; promotion?: { name: string } | null };
  const parts = [
    `${row.unitTypeName} (unit ${row.unitNumber}) at ${row.facilityName}`,
    `${formatCents(row.reservation.quotedMonthlyRateCents)}/mo`,
  ];
  if (q.promotion?.name) parts.push(`promotion: ${q.promotion.name}`);
  if (typeof q.dueAtMoveInCents === "number") parts.push(`due at move-in ${formatCents(q.dueAtMoveInCents)}`);
  return parts.join(", ");
}

type Purpose = "confirmation" | "reminder" | "expired";

const READABLE = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "long", month: "long", day: "numeric" });
/** "2026-12-12" → "Saturday, December 12": how a customer reads a date in a text or an e-mail. */
export const readableDate = (isoDate: string) => READABLE.format(new Date(`${isoDate}T12:00:00Z`));

/** The texts and e-mails, with dates as the customer reads them; the hold's last day is the facility's (its time zone). */
export function texts(purpose: Purpose, row: Row, timeZone: string) {
  const code = row.reservation.confirmationCode;
  const first = row.customer.name.trim().split(/\s+/)[0];
  const hi = first ? `Hi ${first}, ` : "";
  const holdUntil = readableDate(localDate(timeZone, row.reservation.holdExpiresAt));
  const moveIn = readableDate(row.reservation.moveInDate);
  switch (purpose) {
    case "confirmation":
      return {
        sms: `${hi}you're reserved! Confirmation ${code}: ${quoteSummary(row)}. Move-in ${moveIn}; we hold it until ${holdUntil}. Reply with any questions.`,
        subject: `Your reservation ${code} at ${row.facilityName}`,
        email: `${hi}thank you for reserving with ${row.facilityName}.\n\nConfirmation code: ${code}\nUnit: ${quoteSummary(row)}\nMove-in date: ${moveIn}\nHeld until: ${holdUntil}\n\nBring a photo ID on move-in day. Reply to this e-mail or text us with any questions.`,
      };
    case "reminder":
      return {
        sms: `${hi}reminder: your move-in at ${row.facilityName} is tomorrow, ${moveIn}. Confirmation ${code}. Bring a photo ID. Reply if you need to change anything.`,
        subject: `Move-in tomorrow: reservation ${code}`,
        email: `${hi}this is a reminder that your move-in at ${row.facilityName} is tomorrow, ${moveIn}.\n\nConfirmation code: ${code}\nUnit: ${quoteSummary(row)}\n\nBring a photo ID.`,
      };
    case "expired":
      return {
        sms: `${hi}your hold ${code} at ${row.facilityName} has ended and the unit was released. Reply here if you'd still like a unit and we'll find you one.`,
        subject: `Your reservation ${code} has expired`,
        email: `${hi}the hold on your reservation ${code} at ${row.facilityName} has ended and the unit was released.\n\nIf you still need storage, reply to this e-mail or text us and we'll find you a unit.`,
      };
  }
}

/** Sends one purpose's text and e-mail (each at most once). Returns false when the reservation is gone. */
export async function notifyCustomer(
  organizationId: string,
  reservationId: string,
  purpose: Purpose,
  requireStatus: "active" | "expired",
): Promise<{ sms: string; email: string } | null> {
  const found = await withOrg(organizationId, async (tx) => {
    const row = await getReservation(tx, organizationId, { id: reservationId }).catch(() => null);
    return row ? { row, zone: await facilityZone(tx, row) } : null;
  });
  if (!found || found.row.reservation.status !== requireStatus) return null;
  const row = found.row;
  const t = texts(purpose, row, found.zone?.timeZone ?? DEFAULT_TIME_ZONE);
  const key = `reservation:${reservationId}:${purpose}${purpose === "reminder" ? `:${row.reservation.moveInDate}` : ""}`;
  let sms = "no phone";
  if (row.customer.phone) {
    const r = await sendSms({
      organizationId,
      to: row.customer.phone,
      body: t.sms,
      facilityId: row.reservation.facilityId,
      idempotencyKey: key,
    });
    sms = r.ok ? r.status : r.reason;
    if (!r.ok) log.warn({ organizationId, reservationId, purpose, reason: r.reason }, "reservation text not sent");
  }
  let email = "no e-mail";
  if (row.customer.email) {
    const r = await sendEmail({
      organizationId,
      to: row.customer.email,
      subject: t.subject,
      text: t.email,
      kind: `reservation_${purpose}`,
      idempotencyKey: `${key}:email`,
    });
    email = r.duplicate ? "duplicate" : r.status;
    // The step retries (the text is then a no-op duplicate, the e-mail is re-sent under its key).
    if (r.status === "failed")
      throw new Error(`the ${purpose} e-mail for reservation ${reservationId} was not accepted by the mail server`);
  }
  return { sms, email };
}

/** Hold end: the domain sweep expires lapsed holds and frees their units. Returns this one's status. */
export async function expireIfDue(organizationId: string, reservationId: string): Promise<string | null> {
  return withOrg(organizationId, async (tx) => {
    await expireDueReservations(tx, organizationId);
    const row = await getReservation(tx, organizationId, { id: reservationId }).catch(() => null);
    return row?.reservation.status ?? null;
  });
}
