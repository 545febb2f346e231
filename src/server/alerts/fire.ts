import { and, eq } from "drizzle-orm";

import { env } from "@/env";
import { sendSms } from "@/server/integrations/sms/send-sms";
import { db, withOrg } from "@/server/db/client";
import { operatorAlert, organization, type AlertDelivery, type AlertKind } from "@/server/db/schema";
import { sendEmail } from "@/server/integrations/email";
import { log } from "@/server/log";

import { getAlertSettings, type AlertSettings } from "./settings";

/**
 * Raises one alert: the operator_alert row is unique on (organization, dedupeKey), the event's own
 * id, so one event alerts once however often it is noticed (a retried workflow step, every minute's
 * sweep). Deliveries carry the idempotency key alert:<alertId>:<channel>:<recipient>, so a crash
 * between the row and the sends re-sends only what did not go out; deliveredAt closes the alert.
 * E-mail goes through integrations/email (outbox without SMTP), texts through sendSms from the
 * organization's own number (outbox without Twilio).
 */
export interface AlertEvent {
  organizationId: string;
  kind: AlertKind;
  dedupeKey: string;
  facilityId?: string | null;
  subject: string;
  body: string;
  /** Dashboard path below the organization, e.g. "calls/<id>". */
  path?: string | null;
}

export type FireResult =
  | { fired: false; reason: "disabled" | "no_recipients" | "already_sent" }
  /** complete: false when an e-mail failed; the alert stays open and the next attempt re-sends only that. */
  | { fired: true; alertId: string; deliveries: AlertDelivery[]; complete: boolean };

export async function fireAlert(event: AlertEvent, known?: AlertSettings): Promise<FireResult> {
  const settings = known ?? (await withOrg(event.organizationId, (tx) => getAlertSettings(tx, event.organizationId)));
  const rule = settings.rules[event.kind];
  if (!rule.enabled) return { fired: false, reason: "disabled" };
  const emails = rule.email ? settings.emailRecipients : [];
  const phones = rule.sms ? settings.smsRecipients : [];
  if (!emails.length && !phones.length) return { fired: false, reason: "no_recipients" };

  const link = event.path ? await dashboardUrl(event.organizationId, event.path) : null;
  const alert = await withOrg(event.organizationId, async (tx) => {
    await tx
      .insert(operatorAlert)
      .values({
        organizationId: event.organizationId,
        kind: event.kind,
        dedupeKey: event.dedupeKey,
        facilityId: event.facilityId ?? null,
        subject: event.subject,
        body: event.body,
        link,
      })
      .onConflictDoNothing();
    const [row] = await tx
      .select()
      .from(operatorAlert)
      .where(and(eq(operatorAlert.organizationId, event.organizationId), eq(operatorAlert.dedupeKey, event.dedupeKey)));
    return row!;
  });
  if (alert.deliveredAt) return { fired: false, reason: "already_sent" };

  const text = link ? `${alert.body}\n\n${link}` : alert.body;
  const deliveries: AlertDelivery[] = [];
  for (const to of emails) {
    const r = await sendEmail({
      to,
      subject: alert.subject,
      text,
      kind: `alert_${event.kind}`,
      organizationId: event.organizationId,
      idempotencyKey: `alert:${alert.id}:email:${to}`,
    });
    deliveries.push({ channel: "email", to, status: r.duplicate ? "duplicate" : r.status });
  }
  for (const to of phones) {
    const r = await sendSms({
      organizationId: event.organizationId,
      to,
      body: smsBody(alert.subject, link),
      facilityId: event.facilityId ?? null,
      idempotencyKey: `alert:${alert.id}:sms:${to}`,
    });
    deliveries.push(
      r.ok
        ? { channel: "sms", to, status: r.duplicate ? "duplicate" : r.status }
        : { channel: "sms", to, status: "refused", detail: r.reason },
    );
    if (!r.ok)
      log.warn({ organizationId: event.organizationId, alertId: alert.id, reason: r.reason }, "alert text not sent");
  }
  // A failed e-mail leaves the alert open: the workflow's retry or the next sweep sends it again
  // (sendEmail re-sends a failed row under the same key; what went out is not repeated).
  const complete = !deliveries.some((d) => d.channel === "email" && d.status === "failed");
  await withOrg(event.organizationId, (tx) =>
    tx
      .update(operatorAlert)
      .set({ deliveries, deliveredAt: complete ? new Date() : null })
      .where(and(eq(operatorAlert.organizationId, event.organizationId), eq(operatorAlert.id, alert.id))),
  );
  return { fired: true, alertId: alert.id, deliveries, complete };
}

function smsBody(subject: string, link: string | null) {
  return `Storage Agent alert: ${subject}${link ? ` ${link}` : ""}`.slice(0, 600);
}

async function dashboardUrl(organizationId: string, path: string) {
  const [org] = await db
    .select({ slug: organization.slug })
    .from(organization)
    .where(eq(organization.id, organizationId));
  return org ? `${env.PUBLIC_URL.replace(/\/$/, "")}/${org.slug}/${path.replace(/^\//, "")}` : null;
}
