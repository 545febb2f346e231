import { and, desc, eq, gt, isNotNull, lte, sql } from "drizzle-orm";

import { db, withOrg } from "@/server/db/client";
import {
  agentIncident,
  alertSettings,
  conversation,
  customer,
  facility,
  facilityClosure,
  lead,
  message,
  operatorAlert,
  phoneNumber,
} from "@/server/db/schema";

import { fireAlert, type FireResult } from "./fire";
import { isOfficeOpen, officeOpenFor } from "./office-time";
import { settingsOf, type AlertSettings } from "./settings";

/**
 * The time-based alerts, checked every minute by the alertSweep workflow for every organization
 * that turned one on: a lead waiting too long, the agent failing repeatedly, a number not
 * receiving calls during office hours. Each fires once per event (see dedupe keys below).
 */
export async function sweepAlerts(at: Date | string = new Date()): Promise<{ fired: number }> {
  const now = new Date(at); // a workflow argument may arrive serialized
  const rows = await db.select().from(alertSettings);
  let fired = 0;
  for (const row of rows) {
    const settings = settingsOf(row);
    const { lead_waiting, agent_failing, number_silent } = settings.rules;
    if (!lead_waiting.enabled && !agent_failing.enabled && !number_silent.enabled) continue;
    const results: FireResult[] = [];
    if (lead_waiting.enabled) results.push(...(await leadsWaiting(row.organizationId, settings, now)));
    if (agent_failing.enabled) results.push(...(await agentFailing(row.organizationId, settings, now)));
    if (number_silent.enabled) results.push(...(await numbersSilent(row.organizationId, settings, now)));
    fired += results.filter((r) => r.fired).length;
  }
  return { fired };
}

const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);
/** No alert delivered yet for this dedupe key (an alert raised but not delivered is retried). */
const notYetAlerted = (organizationId: string, key: ReturnType<typeof sql>) =>
  sql`not exists (select 1 from ${operatorAlert} where ${operatorAlert.organizationId} = ${organizationId} and ${operatorAlert.dedupeKey} = ${key} and ${operatorAlert.deliveredAt} is not null)`;

/**
 * A new lead (status still "new") that nobody has answered within N minutes: no text sent to the
 * customer and no staff message in a conversation with them since the lead came in. Leads older
 * than a day past the limit are left alone, so turning the alert on does not page about old leads.
 * Dedupe: lead-waiting:<leadId>.
 */
async function leadsWaiting(organizationId: string, settings: AlertSettings, now: Date): Promise<FireResult[]> {
  const minutes = settings.rules.lead_waiting.threshold ?? 30;
  const waiting = await withOrg(organizationId, (tx) =>
    tx
      .select({
        id: lead.id,
        createdAt: lead.createdAt,
        source: lead.source,
        facilityId: lead.facilityId,
        facility: facility.name,
        name: customer.name,
        phone: customer.phone,
        email: customer.email,
      })
      .from(lead)
      .innerJoin(customer, eq(customer.id, lead.customerId))
      .leftJoin(facility, eq(facility.id, lead.facilityId))
      .where(
        and(
          eq(lead.organizationId, organizationId),
          eq(lead.status, "new"),
          lte(lead.createdAt, minutesAgo(now, minutes)),
          gt(lead.createdAt, minutesAgo(now, minutes + 24 * 60)),
          sql`not exists (select 1 from sms_message m where m.organization_id = ${organizationId} and m.direction = 'out' and m.to = ${customer.phone} and m.created_at >= ${lead.createdAt} and m.status not in ('failed', 'undelivered', 'canceled'))`,
          sql`not exists (select 1 from message m join conversation c on c.id = m.conversation_id where c.organization_id = ${organizationId} and c.lead_id = ${lead.id} and m.role = 'staff' and m.created_at >= ${lead.createdAt})`,
          notYetAlerted(organizationId, sql`'lead-waiting:' || ${lead.id}`),
        ),
      )
      .limit(50),
  );
  const out: FireResult[] = [];
  for (const l of waiting) {
    const who = l.name || l.phone || l.email || "A lead";
    const waited = Math.round((now.getTime() - l.createdAt.getTime()) / 60_000);
    out.push(
      await fireAlert(
        {
          organizationId,
          kind: "lead_waiting",
          dedupeKey: `lead-waiting:${l.id}`,
          facilityId: l.facilityId,
          subject: `${who} has waited ${waited} minutes for a response`,
          body: `${who} (${[l.phone, l.email].filter(Boolean).join(", ") || "no contact details"}) came in by ${l.source}${l.facility ? ` for ${l.facility}` : ""} ${waited} minutes ago and has had no response yet.`,
          path: "leads",
        },
        settings,
      ),
    );
  }
  return out;
}

/**
 * The agent failing: at least N failed turns (exceptions, agent_incident) plus LLM fallbacks (turns
 * the model was asked for but the default brain answered) in the last M minutes. At most one alert
 * per window: none while an earlier one is younger than M minutes. Dedupe: agent-failing:<window>.
 */
async function agentFailing(organizationId: string, settings: AlertSettings, now: Date): Promise<FireResult[]> {
  const rule = settings.rules.agent_failing;
  const count = rule.threshold ?? 5;
  const window = rule.windowMinutes ?? 15;
  const since = minutesAgo(now, window);
  const found = await withOrg(organizationId, async (tx) => {
    const [errors] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(agentIncident)
      .where(
        and(
          eq(agentIncident.organizationId, organizationId),
          gt(agentIncident.createdAt, since),
          lte(agentIncident.createdAt, now),
        ),
      );
    const [fallbacks] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(message)
      .where(
        and(
          eq(message.organizationId, organizationId),
          gt(message.createdAt, since),
          lte(message.createdAt, now),
          eq(message.role, "agent"),
          eq(message.brain, "default"),
          sql`${message.timings} ? 'llmMs'`,
        ),
      );
    const [recent] = await tx
      .select({ id: operatorAlert.id })
      .from(operatorAlert)
      .where(
        and(
          eq(operatorAlert.organizationId, organizationId),
          eq(operatorAlert.kind, "agent_failing"),
          gt(operatorAlert.createdAt, since),
          isNotNull(operatorAlert.deliveredAt),
        ),
      )
      .limit(1);
    return { errors: errors?.n ?? 0, fallbacks: fallbacks?.n ?? 0, recent: Boolean(recent) };
  });
  if (found.errors + found.fallbacks < count || found.recent) return [];
  const bucket = Math.floor(now.getTime() / (window * 60_000));
  return [
    await fireAlert(
      {
        organizationId,
        kind: "agent_failing",
        dedupeKey: `agent-failing:${window}:${bucket}`,
        subject: `The agent failed ${found.errors + found.fallbacks} times in ${window} minutes`,
        body: `In the last ${window} minutes the agent had ${found.errors} failed turns and ${found.fallbacks} turns where the language model failed and the built-in agent answered instead. Check Settings > Status and the model's configuration.`,
        path: "settings/status",
      },
      settings,
    ),
  ];
}

/**
 * A number not receiving calls: its facility's office is open now and has been open for N hours
 * since the number's last inbound call (or since it was added). Dedupe:
 * number-silent:<numberId>:<that call's start>, so one quiet stretch alerts once and the next
 * alert needs a call in between.
 */
async function numbersSilent(organizationId: string, settings: AlertSettings, now: Date): Promise<FireResult[]> {
  const hours = settings.rules.number_silent.threshold ?? 4;
  const candidates = await withOrg(organizationId, async (tx) => {
    const numbers = await tx
      .select({
        id: phoneNumber.id,
        e164: phoneNumber.e164,
        createdAt: phoneNumber.createdAt,
        facilityId: facility.id,
        facility: facility.name,
        timeZone: facility.timeZone,
        officeHours: facility.officeHours,
      })
      .from(phoneNumber)
      .innerJoin(facility, and(eq(facility.id, phoneNumber.facilityId), eq(facility.organizationId, organizationId)))
      .where(and(eq(phoneNumber.organizationId, organizationId), eq(phoneNumber.status, "active")));
    const out = [];
    for (const n of numbers) {
      const [last] = await tx
        .select({ startedAt: conversation.startedAt })
        .from(conversation)
        .where(
          and(
            eq(conversation.organizationId, organizationId),
            eq(conversation.channel, "voice"),
            eq(conversation.direction, "inbound"),
            eq(conversation.toAddress, n.e164),
            lte(conversation.startedAt, now),
          ),
        )
        .orderBy(desc(conversation.startedAt))
        .limit(1);
      const closures = await tx
        .select({ date: facilityClosure.date, reason: facilityClosure.reason })
        .from(facilityClosure)
        .where(eq(facilityClosure.facilityId, n.facilityId));
      out.push({ ...n, since: last?.startedAt ?? n.createdAt, hadCall: Boolean(last), closures });
    }
    return out;
  });
  const results: FireResult[] = [];
  for (const n of candidates) {
    const schedule = { timeZone: n.timeZone, officeHours: n.officeHours, closures: n.closures };
    if (!isOfficeOpen(schedule, now) || !officeOpenFor(schedule, n.since, now, hours * 60)) continue;
    results.push(
      await fireAlert(
        {
          organizationId,
          kind: "number_silent",
          dedupeKey: `number-silent:${n.id}:${n.since.toISOString()}`,
          facilityId: n.facilityId,
          subject: `No calls to ${n.e164} (${n.facility}) for ${hours} office hours`,
          body: `${n.e164}, the number of ${n.facility}, has had no inbound calls for at least ${hours} hours while the office was open${n.hadCall ? `; the last call came in at ${n.since.toISOString().replace("T", " ").slice(0, 16)} UTC` : " since it was added"}. Check the number's routing in Settings > Phone numbers and with the carrier.`,
          path: "settings/phone-numbers",
        },
        settings,
      ),
    );
  }
  return results;
}
