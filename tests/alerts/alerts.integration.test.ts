import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { recordAgentError } from "@/server/alerts/agent-errors";
import { raiseEventAlert } from "@/server/alerts/events";
import { saveAlertSettings } from "@/server/alerts/settings";
import { sweepAlerts } from "@/server/alerts/sweep";
import { queueEventAlert } from "@/server/alerts/triggers";
import { env } from "@/env";
import { db } from "@/server/db/client";
import {
  agentIncident,
  conversation,
  customer,
  emailOutbox,
  facility,
  lead,
  message,
  operatorAlert,
  phoneNumber,
  smsMessage,
} from "@/server/db/schema";
import { launchWorkflows, shutdownWorkflows } from "@/server/jobs/dbos";

import { CLOSED_NOW, OPEN_NOW, seedAgentFacility } from "../agent/seed";
import { callerFor, daysFromToday, seedOrganization, unique, type TestOrg } from "../factories";
import { startFakeSmtp } from "../fakes/smtp-server";
import { isolateWorkflows, waitFor } from "../jobs-harness";
import { randomUsNumber } from "../twilio-webhooks";

const iso = isolateWorkflows({ timeScale: 0.05 });
beforeAll(async () => {
  await launchWorkflows({ role: "test" });
}, 120_000);
afterAll(async () => {
  await shutdownWorkflows();
  await iso.dropSchema();
});

interface Alerted {
  org: TestOrg;
  email: string;
  phone: string;
}

/** An organization whose alerts of `kinds` go to one e-mail address and one phone. */
async function alertedOrg(rules: Parameters<typeof saveAlertSettings>[2]["rules"]): Promise<Alerted> {
  const org = await seedOrganization();
  const email = `${unique("ops")}@example.test`;
  const phone = randomUsNumber(512);
  await saveAlertSettings(db, org.id, { emailRecipients: [email], smsRecipients: [phone], rules });
  return { org, email, phone };
}

const alertsOf = (orgId: string) =>
  db.select().from(operatorAlert).where(eq(operatorAlert.organizationId, orgId)).orderBy(operatorAlert.createdAt);
const mailTo = (to: string) =>
  db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.to, to), like(emailOutbox.kind, "alert_%")));
const textsTo = (orgId: string, to: string) =>
  db
    .select()
    .from(smsMessage)
    .where(and(eq(smsMessage.organizationId, orgId), eq(smsMessage.to, to)));
const minutesBefore = (at: Date, m: number) => new Date(at.getTime() - m * 60_000);

describe("event alerts", () => {
  it("a reservation alerts once, by e-mail and text; an organization that turned the alert off gets none; one that never chose e-mails its owner", async () => {
    const quiet = await seedOrganization();
    await saveAlertSettings(db, quiet.id, { rules: { reservation_created: { enabled: false } } });
    const quietFacility = await seedAgentFacility(quiet.id);
    // Never opened Settings > Alerts: reservations and messages go to the owner by e-mail (issue 22).
    const fresh = await seedOrganization();
    const freshFacility = await seedAgentFacility(fresh.id);
    const a = await alertedOrg({ reservation_created: { enabled: true, email: true, sms: true } });
    const { facility: f, unitTypes } = await seedAgentFacility(a.org.id);

    const book = async (org: TestOrg, unitTypeId: string) => {
      const owner = await callerFor(org.owner);
      const c = await owner.customers.upsert({ name: "Robin Reyes", phone: randomUsNumber(737) });
      return owner.reservations.create({
        unitTypeId,
        customerId: c.customer.id,
        moveInDate: daysFromToday(45),
        channel: "phone",
      });
    };
    await book(quiet, quietFacility.unitTypes.small.id);
    const made = await book(a.org, unitTypes.medium.id);
    const freshMade = await book(fresh, freshFacility.unitTypes.small.id);

    const [alert] = await waitFor(async () => {
      const rows = await alertsOf(a.org.id);
      return rows[0]?.deliveredAt ? rows : null;
    }, "the reservation alert");
    expect(alert).toMatchObject({
      kind: "reservation_created",
      dedupeKey: `reservation:${made.reservation.id}`,
      facilityId: f.id,
    });
    expect(alert!.subject).toBe(`New reservation ${made.reservation.confirmationCode} at Oak Street Storage`);
    // The customer's name with the number formatted as people write it.
    expect(alert!.body).toMatch(/^Robin Reyes \(\(737\) \d{3}-\d{4}\) reserved a 10x10 climate/);
    expect(alert!.link).toBe(`http://localhost:3000/${a.org.slug}/reservations/${made.reservation.id}`);
    const mails = await mailTo(a.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(made.reservation.confirmationCode);
    const texts = await textsTo(a.org.id, a.phone);
    expect(texts.map((t) => t.status)).toEqual(["outbox"]);
    expect(texts[0]!.body).toContain(`New reservation ${made.reservation.confirmationCode}`);

    // The same event again, through the trigger and directly: nothing more goes out.
    await queueEventAlert(a.org.id, "reservation_created", made.reservation.id);
    expect(await raiseEventAlert(a.org.id, "reservation_created", made.reservation.id)).toEqual({
      fired: false,
      reason: "already_sent",
    });
    expect(await mailTo(a.email)).toHaveLength(1);
    expect(await textsTo(a.org.id, a.phone)).toHaveLength(1);
    expect(await alertsOf(quiet.id)).toEqual([]);
    const ownerMail = await waitFor(async () => {
      const rows = await mailTo(fresh.owner.email);
      return rows.length ? rows : null;
    }, "the owner's default reservation alert");
    expect(ownerMail).toHaveLength(1);
    expect(ownerMail[0]!.text).toContain(freshMade.reservation.confirmationCode);
  }, 90_000);

  it("an agent booking follows the alert rule as it is at that turn, changed by anyone (the turn caches the settings by config version)", async () => {
    const a = await alertedOrg({ reservation_created: { enabled: false, email: true, sms: false } });
    const { facility: f } = await seedAgentFacility(a.org.id, { units: 10 });
    const bookByAgent = async (name: string) => {
      const start = await startConversation({
        organizationId: a.org.id,
        channel: "voice",
        facilityId: f.id,
        fromAddress: randomUsNumber(737),
        now: OPEN_NOW,
      });
      let last = null as Awaited<ReturnType<typeof respond>> | null;
      for (const text of ["i'd like to reserve a ten by ten", "next friday", name, "yes", "no", "yes"]) {
        last = await respond({
          organizationId: a.org.id,
          conversationId: start.conversationId,
          text,
          now: OPEN_NOW,
          brain: "default",
        });
      }
      const made = last!.actions.find((x) => x.name === "create_reservation" && x.ok);
      expect(made, last!.reply).toBeTruthy();
      return (made!.result as { reservationId: string }).reservationId;
    };

    await bookByAgent("ada quiet"); // rule off: fills the turn's cache with "off"
    // Turned on outside any agent turn (Settings > Alerts, possibly in another app process): the next turn must see it.
    await saveAlertSettings(db, a.org.id, { rules: { reservation_created: { enabled: true } } });
    const second = await bookByAgent("bea loud");
    const [alert] = await waitFor(async () => {
      const rows = await alertsOf(a.org.id);
      return rows[0]?.deliveredAt ? rows : null;
    }, "the agent booking's alert");
    expect(alert).toMatchObject({ kind: "reservation_created", dedupeKey: `reservation:${second}` });
    expect(await alertsOf(a.org.id)).toHaveLength(1); // the first booking (rule off) raised none
  });

  it("a caller asking for a person after hours alerts once per conversation, and not during office hours", async () => {
    const a = await alertedOrg({ after_hours_person: { enabled: true, email: true, sms: false } });
    const { facility: f } = await seedAgentFacility(a.org.id);
    const talk = async (now: Date, from: string) => {
      const start = await startConversation({
        organizationId: a.org.id,
        channel: "voice",
        facilityId: f.id,
        fromAddress: from,
        now,
      });
      await respond({
        organizationId: a.org.id,
        conversationId: start.conversationId,
        text: "I want to talk to a real person",
        now,
        brain: "default",
      });
      return start.conversationId;
    };
    const daytime = await talk(OPEN_NOW, "+15125550111");
    const night = await talk(CLOSED_NOW, "+15125550122");
    // Asking again in the same call is the same event.
    await respond({
      organizationId: a.org.id,
      conversationId: night,
      text: "operator please, a human",
      now: CLOSED_NOW,
      brain: "default",
    });

    await waitFor(async () => (await mailTo(a.email)).length > 0, "the after-hours alert");
    await new Promise((r) => setTimeout(r, 1_000));
    const rows = await alertsOf(a.org.id);
    expect(rows.map((r) => r.dedupeKey)).toEqual([`after-hours:${night}`]);
    expect(rows[0]!.subject).toBe("(512) 555-0122 asked for a person after hours at Oak Street Storage");
    expect(rows[0]!.link).toContain(`/calls/${night}`);
    expect(await mailTo(a.email)).toHaveLength(1);
    expect(rows.some((r) => r.dedupeKey.includes(daytime))).toBe(false);
    // E-mail only: no text was sent.
    expect(await textsTo(a.org.id, a.phone)).toEqual([]);
  }, 90_000);
});

describe("time-based alerts (the minute sweep)", () => {
  const NOW = new Date("2026-11-24T15:00:00Z"); // a Tuesday

  it("a lead waiting longer than the limit alerts once; answered, young or closed leads do not", async () => {
    const a = await alertedOrg({ lead_waiting: { enabled: true, email: true, sms: false, threshold: 30 } });
    const person = async (name: string) =>
      (
        await db
          .insert(customer)
          .values({ organizationId: a.org.id, name, phone: randomUsNumber(210) })
          .returning()
      )[0]!;
    const waiting = await person("Wanda Waiting");
    const young = await person("Yusuf Young");
    const answered = await person("Ann Answered");
    const contacted = await person("Carl Contacted");
    const [l] = await db
      .insert(lead)
      .values([
        {
          organizationId: a.org.id,
          customerId: waiting.id,
          source: "web",
          status: "new",
          createdAt: minutesBefore(NOW, 45),
        },
        {
          organizationId: a.org.id,
          customerId: young.id,
          source: "web",
          status: "new",
          createdAt: minutesBefore(NOW, 10),
        },
        {
          organizationId: a.org.id,
          customerId: answered.id,
          source: "call",
          status: "new",
          createdAt: minutesBefore(NOW, 60),
        },
        {
          organizationId: a.org.id,
          customerId: contacted.id,
          source: "call",
          status: "contacted",
          createdAt: minutesBefore(NOW, 60),
        },
      ])
      .returning();
    await db.insert(smsMessage).values({
      organizationId: a.org.id,
      direction: "out",
      to: answered.phone!,
      body: "Hi Ann, here is your quote",
      status: "sent",
      createdAt: minutesBefore(NOW, 50),
    });

    await sweepAlerts(NOW);
    await sweepAlerts(new Date(NOW.getTime() + 60_000));
    const rows = await alertsOf(a.org.id);
    expect(rows.map((r) => r.dedupeKey)).toEqual([`lead-waiting:${l!.id}`]);
    expect(rows[0]!.subject).toBe("Wanda Waiting has waited 45 minutes for a response");
    expect(await mailTo(a.email)).toHaveLength(1);
  });

  it("the agent failing N times in M minutes alerts once per window; fewer failures do not", async () => {
    const a = await alertedOrg({
      agent_failing: { enabled: true, email: true, sms: true, threshold: 4, windowMinutes: 15 },
    });
    const few = await alertedOrg({
      agent_failing: { enabled: true, email: true, sms: false, threshold: 4, windowMinutes: 15 },
    });
    const [conv] = await db.insert(conversation).values({ organizationId: a.org.id, channel: "voice" }).returning();
    const fallback = (orgId: string, conversationId: string, seq: number, at: Date) => ({
      organizationId: orgId,
      conversationId,
      seq,
      role: "agent" as const,
      text: "…",
      brain: "default" as const,
      timings: { llmMs: 9000, totalMs: 9100 },
      createdAt: at,
    });
    await db
      .insert(message)
      .values([
        fallback(a.org.id, conv!.id, 1, minutesBefore(NOW, 3)),
        fallback(a.org.id, conv!.id, 2, minutesBefore(NOW, 2)),
      ]);
    // An answer by the default brain when no model was asked (no llmMs) is not a fallback.
    await db.insert(message).values({
      organizationId: a.org.id,
      conversationId: conv!.id,
      seq: 3,
      role: "agent",
      text: "…",
      brain: "default",
      timings: { totalMs: 5 },
      createdAt: minutesBefore(NOW, 1),
    });
    await db.insert(agentIncident).values([
      { organizationId: a.org.id, detail: "Error", createdAt: minutesBefore(NOW, 5) },
      { organizationId: a.org.id, detail: "TypeError", createdAt: minutesBefore(NOW, 1) },
      // Outside the window.
      { organizationId: few.org.id, detail: "Error", createdAt: minutesBefore(NOW, 30) },
      { organizationId: few.org.id, detail: "Error", createdAt: minutesBefore(NOW, 1) },
    ]);
    await recordAgentError(few.org.id, null, new Error("model timeout"));
    await recordAgentError(few.org.id, null, new Error("model timeout"));

    await sweepAlerts(NOW);
    await sweepAlerts(new Date(NOW.getTime() + 5 * 60_000));
    const rows = await alertsOf(a.org.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.subject).toBe("The agent failed 4 times in 15 minutes");
    expect(rows[0]!.deliveries.map((d) => d.channel).sort()).toEqual(["email", "sms"]);
    // `few`: one failure in the window; one older; two recorded now, after this test's clock.
    expect(await alertsOf(few.org.id)).toEqual([]);
    const recorded = await db.select().from(agentIncident).where(eq(agentIncident.organizationId, few.org.id));
    expect(recorded.map((r) => r.detail).sort()).toEqual(["Error", "Error", "Error", "Error"]);
  });

  it("a number without calls for N office hours alerts once per quiet stretch; nights do not count", async () => {
    const a = await alertedOrg({ number_silent: { enabled: true, email: true, sms: false, threshold: 4 } });
    const nineToFive = Object.fromEntries(
      ["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ open: "09:00", close: "17:00" }]]),
    );
    const [f] = await db
      .insert(facility)
      .values({
        organizationId: a.org.id,
        name: "Quiet Storage",
        slug: unique("fac"),
        timeZone: "UTC",
        officeHours: nineToFive,
      })
      .returning();
    const number = async (...calls: Date[]) => {
      const e164 = randomUsNumber(830);
      const [n] = await db
        .insert(phoneNumber)
        .values({
          organizationId: a.org.id,
          e164,
          facilityId: f!.id,
          source: "attached",
          createdAt: new Date("2026-11-01T00:00:00Z"),
        })
        .returning();
      for (const startedAt of calls)
        await db.insert(conversation).values({
          organizationId: a.org.id,
          facilityId: f!.id,
          channel: "voice",
          toAddress: e164,
          fromAddress: "+15125550100",
          startedAt,
        });
      return n!;
    };
    const silent = await number(new Date("2026-11-24T09:30:00Z")); // at 15:00: 5.5 office hours ago
    await number(new Date("2026-11-24T09:05:00Z"), new Date("2026-11-24T13:00:00Z")); // at 15:00: 2 hours ago
    const monday = await number(new Date("2026-11-23T16:30:00Z")); // at 15:00 Tuesday: 0.5 + 6 office hours ago

    // At 10:00 on Tuesday Monday's 16:30 call is 17.5 hours old but only 1.5 office hours: no alert.
    await sweepAlerts(new Date("2026-11-24T10:00:00Z"));
    expect(await alertsOf(a.org.id)).toEqual([]);
    // Closed at 20:00: nothing fires, however long the silence.
    await sweepAlerts(new Date("2026-11-24T20:00:00Z"));
    expect(await alertsOf(a.org.id)).toEqual([]);

    await sweepAlerts(NOW);
    await sweepAlerts(new Date(NOW.getTime() + 60_000));
    const rows = await alertsOf(a.org.id);
    expect(rows.map((r) => r.dedupeKey).sort()).toEqual(
      [
        `number-silent:${silent.id}:2026-11-24T09:30:00.000Z`,
        `number-silent:${monday.id}:2026-11-23T16:30:00.000Z`,
      ].sort(),
    );
    expect(await mailTo(a.email)).toHaveLength(2);
  });

  it("an alert whose e-mail was refused stays open and the next sweep sends it, once", async () => {
    const smtp = await startFakeSmtp();
    const saved = env.SMTP_URL;
    env.SMTP_URL = smtp.url;
    try {
      const a = await alertedOrg({ lead_waiting: { enabled: true, email: true, sms: false, threshold: 30 } });
      const [c] = await db
        .insert(customer)
        .values({ organizationId: a.org.id, name: "Rita Retry", phone: randomUsNumber(210) })
        .returning();
      await db.insert(lead).values({
        organizationId: a.org.id,
        customerId: c!.id,
        source: "chat",
        status: "new",
        createdAt: minutesBefore(NOW, 40),
      });
      smtp.onData(() => "451 4.3.0 try again later");
      await sweepAlerts(NOW);
      expect((await alertsOf(a.org.id)).map((r) => r.deliveredAt)).toEqual([null]);
      smtp.onData(null);
      await sweepAlerts(new Date(NOW.getTime() + 60_000));
      await sweepAlerts(new Date(NOW.getTime() + 120_000));
      expect(smtp.mailsTo(a.email)).toHaveLength(1);
      expect(smtp.mailsTo(a.email)[0]!.subject).toBe("Rita Retry has waited 40 minutes for a response");
      expect((await alertsOf(a.org.id))[0]!.deliveredAt).not.toBeNull();
    } finally {
      env.SMTP_URL = saved;
      await smtp.close();
    }
  });
});
