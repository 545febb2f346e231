import { randomUUID } from "node:crypto";

import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, getPool, withOrg } from "@/server/db/client";
import { phoneNumber, smsMessage } from "@/server/db/schema";
import { twilioConfigured } from "@/server/integrations/twilio";

import { seedOrganization } from "../../../../tests/factories";
import { randomUsNumber } from "../../../../tests/twilio-webhooks";

import { outboxSmsIn, sendSms } from "./send-sms";

/**
 * The claim (one statement: look up the duplicate, the opt-out and the sender, and write the row
 * when none of them refuses): the branches the other SMS tests do not reach. Without Twilio, so the
 * claim is the whole send.
 */
beforeAll(() => {
  delete process.env.TWILIO_ACCOUNT_SID;
  delete process.env.TWILIO_AUTH_TOKEN;
  delete process.env.TWILIO_API_BASE;
});

const rowsOf = (organizationId: string) =>
  db.select().from(smsMessage).where(eq(smsMessage.organizationId, organizationId));

async function addNumber(
  organizationId: string,
  values: { facilityId?: string | null; createdAt: Date; status?: "active" | "released" },
) {
  const [row] = await db
    .insert(phoneNumber)
    .values({
      organizationId,
      e164: randomUsNumber(),
      source: "attached",
      facilityId: values.facilityId ?? null,
      createdAt: values.createdAt,
      status: values.status ?? "active",
    })
    .returning();
  return row!;
}

/** Until the claim of `key` waits for the row lock of a transaction that has not committed yet. */
async function untilClaimWaits(key: string) {
  for (let i = 0; i < 200; i++) {
    const { rows } = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity
      where wait_event_type = 'Lock' and query like '%insert into "sms_message"%' and datname = current_database()`);
    if (rows[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`the claim of ${key} never waited`);
}

/** Runs `send` while another transaction holds an uncommitted row under `key`, then ends that transaction. */
async function raceWithUncommitted(
  organizationId: string,
  key: string,
  end: "commit" | "rollback",
  send: () => Promise<unknown>,
) {
  const other = await getPool().connect();
  try {
    await other.query("begin");
    const { rows } = await other.query<{ id: string }>(
      `insert into sms_message (organization_id, direction, "to", body, status, status_history, idempotency_key) values ($1, 'out', $2, 'first', 'outbox', '[]', $3) returning id`,
      [organizationId, randomUsNumber(650), key],
    );
    const sending = send();
    await untilClaimWaits(key);
    await other.query(end);
    return { otherId: rows[0]!.id, result: await sending };
  } finally {
    other.release();
  }
}

describe("claiming an outbound text", () => {
  it("a concurrent claim of the same key that commits first wins: the loser answers with its row as a duplicate", async () => {
    expect(twilioConfigured()).toBe(false);
    const org = await seedOrganization();
    await addNumber(org.id, { createdAt: new Date() });
    const key = `race:${randomUUID()}`;
    const { otherId, result } = await raceWithUncommitted(org.id, key, "commit", () =>
      sendSms({ organizationId: org.id, to: randomUsNumber(650), body: "second", idempotencyKey: key }),
    );
    expect(result).toEqual({ ok: true, id: otherId, status: "outbox", twilioSid: null, duplicate: true });
    expect((await rowsOf(org.id)).map((r) => r.body)).toEqual(["first"]);

    // The same inside a transaction the caller holds (an agent turn).
    const key2 = `race:${randomUUID()}`;
    const raced = await raceWithUncommitted(org.id, key2, "commit", () =>
      withOrg(org.id, (tx) =>
        outboxSmsIn(tx, { organizationId: org.id, to: randomUsNumber(650), body: "second", idempotencyKey: key2 }),
      ),
    );
    expect(raced.result).toEqual({ ok: true, id: raced.otherId, status: "outbox", twilioSid: null, duplicate: true });
  });

  it("a concurrent claim that rolls back leaves the key to the waiting one", async () => {
    const org = await seedOrganization();
    await addNumber(org.id, { createdAt: new Date() });
    const key = `race:${randomUUID()}`;
    const { otherId, result } = await raceWithUncommitted(org.id, key, "rollback", () =>
      sendSms({ organizationId: org.id, to: randomUsNumber(650), body: "second", idempotencyKey: key }),
    );
    expect(result).toMatchObject({ ok: true, status: "outbox", twilioSid: null, duplicate: false });
    expect(result).not.toMatchObject({ id: otherId });
    expect((await rowsOf(org.id)).map((r) => [r.body, r.idempotencyKey])).toEqual([["second", key]]);
  });

  it("a `from` that is not an active number of the organization is refused and nothing is written", async () => {
    const org = await seedOrganization();
    const released = await addNumber(org.id, { createdAt: new Date(), status: "released" });
    const theirs = await addNumber((await seedOrganization()).id, { createdAt: new Date() });
    await addNumber(org.id, { createdAt: new Date() });
    for (const from of [released.e164, theirs.e164, "not a number"]) {
      expect(
        await sendSms({
          organizationId: org.id,
          to: randomUsNumber(650),
          body: "x",
          from,
          idempotencyKey: randomUUID(),
        }),
      ).toEqual({
        ok: false,
        reason: "no_sender_number",
        message: `${from} is not an active number of this organization.`,
      });
    }
    expect(await rowsOf(org.id)).toEqual([]);
  });

  it("sends from the facility's number, else the oldest, and records the sender, the facility and one status event", async () => {
    const org = await seedOrganization();
    const facilityId = randomUUID();
    const oldest = await addNumber(org.id, { createdAt: new Date(Date.now() - 60_000) });
    const facilitys = await addNumber(org.id, { facilityId, createdAt: new Date() });
    const conversationId = randomUUID();
    const before = Date.now();

    const atFacility = await sendSms({
      organizationId: org.id,
      to: randomUsNumber(650),
      body: "  at the facility  ",
      facilityId,
      conversationId,
    });
    const general = await sendSms({ organizationId: org.id, to: randomUsNumber(650), body: "general" });
    const chosen = await sendSms({
      organizationId: org.id,
      to: randomUsNumber(650),
      body: "chosen",
      from: facilitys.e164,
    });
    if (!atFacility.ok || !general.ok || !chosen.ok) throw new Error("unreachable");

    const byId = new Map((await rowsOf(org.id)).map((r) => [r.id, r]));
    expect(byId.get(atFacility.id)).toMatchObject({
      direction: "out",
      from: facilitys.e164,
      phoneNumberId: facilitys.id,
      facilityId,
      conversationId,
      body: "at the facility",
      status: "outbox",
      idempotencyKey: null,
    });
    expect(byId.get(general.id)).toMatchObject({
      from: oldest.e164,
      phoneNumberId: oldest.id,
      facilityId: null,
      conversationId: null,
    });
    // No facility asked for: the sender's.
    expect(byId.get(chosen.id)).toMatchObject({ from: facilitys.e164, phoneNumberId: facilitys.id, facilityId });
    const history = byId.get(atFacility.id)!.statusHistory;
    expect(history).toEqual([{ status: "outbox", at: expect.any(String) }]);
    expect(Date.parse(history[0]!.at)).toBeGreaterThanOrEqual(before);
  });

  it("without Twilio and without any number the text is still kept in the outbox, with no sender", async () => {
    const org = await seedOrganization();
    const res = await sendSms({
      organizationId: org.id,
      to: randomUsNumber(650),
      body: "no number yet",
      idempotencyKey: "k1",
    });
    expect(res).toMatchObject({ ok: true, status: "outbox", duplicate: false, twilioSid: null });
    const [row] = await db
      .select()
      .from(smsMessage)
      .where(and(eq(smsMessage.organizationId, org.id), eq(smsMessage.idempotencyKey, "k1")));
    expect(row).toMatchObject({ from: null, phoneNumberId: null, facilityId: null, status: "outbox" });
  });
});
