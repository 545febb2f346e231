import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { setGateCodePolicy } from "@/server/agent/caller-verification";
import { respond, startConversation } from "@/server/agent/engine";
import { say as phrase } from "@/server/agent/dialogue/phrases";
import { db, withOrg } from "@/server/db/client";
import { auditLog, message, smsMessage } from "@/server/db/schema";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { connectPms, updatePmsSettings } from "@/server/pms/connections";

import { OPEN_NOW, seedAgentFacility } from "../agent/seed";
import { seedOrganization } from "../factories";
import { startFakeStoredge, type FakeStoredge } from "../fakes/storedge-server";
import { ACTOR } from "../inventory/helpers";
import { randomUsNumber } from "../twilio-webhooks";

import { disconnectPmsOf } from "./cleanup";

/**
 * Existing tenants (issue 15): with storEDGE connected, a verified caller's balance and gate code
 * come from storEDGE's ledger found by their phone, not from our rentals; the gate code is given,
 * audited and never stored. storEDGE down: the answer falls back to our own rows.
 */
const KEY = "tenant-key";
const SECRET = "tenant-secret";
let fake: FakeStoredge;
const orgs: string[] = [];

beforeAll(async () => {
  fake = await startFakeStoredge({ consumerKey: KEY, consumerSecret: SECRET });
  process.env.STOREDGE_API_BASE = fake.url;
});
afterAll(async () => {
  await disconnectPmsOf(orgs);
  delete process.env.STOREDGE_API_BASE;
  await fake.close();
});

async function tenantWithPms(
  phone: string,
  opts: { shareGateCodes?: boolean; policy?: "read_after_code" | "text_on_file" } = {},
) {
  const org = await seedOrganization();
  orgs.push(org.id);
  const seeded = await seedAgentFacility(org.id);
  // The policy that reads gate codes out to a verified caller (the default texts them to the phone on file).
  await setGateCodePolicy(org.id, ACTOR, opts.policy ?? "read_after_code");
  const rental = await withOrg(org.id, async (tx) => {
    const r = await createReservation(
      tx,
      org.id,
      ACTOR,
      {
        unitTypeId: seeded.unitTypes.small.id,
        moveInDate: "2030-01-15",
        channel: "web",
        customer: { name: "Dana Owner", phone },
      },
      { now: OPEN_NOW },
    );
    return convertToMoveIn(tx, org.id, ACTOR, { reservationId: r.reservation.id });
  });
  const external = fake.addFacility({ name: "Tenant Storage" }, 1);
  const unit = fake.units.get(external)![0]!;
  fake.addLedger({
    facility_id: external,
    phone: phone.replace(/^\+1/, ""),
    active: true,
    current_account_balance: 54.36,
    gate_access_code: "4821",
    unit: { id: unit.id, name: unit.name },
    tenant: { id: `t-${phone}`, first_name: "Dana", last_name: "Owner" },
  });
  await withOrg(org.id, async (tx) => {
    const conn = await connectPms(tx, org.id, ACTOR, {
      credentials: { provider: "storedge", consumerKey: KEY, consumerSecret: SECRET, facilityIds: [external] },
    });
    // The operator's switch: off unless they allow the agent to give the PMS's gate codes.
    if (opts.shareGateCodes)
      await updatePmsSettings(tx, org.id, ACTOR, { connectionId: conn.id, shareGateCodes: true });
  });
  return { org, facilityId: seeded.facility.id, localGateCode: rental.gateCode, pmsUnit: unit.name };
}

async function ask(s: Awaited<ReturnType<typeof tenantWithPms>>, phone: string, question: string) {
  const start = await startConversation({
    organizationId: s.org.id,
    channel: "voice",
    facilityId: s.facilityId,
    fromAddress: phone,
    // A caller ID the carrier attested in full proves the phone (the verification flow).
    callerAttested: true,
    now: OPEN_NOW,
  });
  const turn = (text: string) =>
    respond({ organizationId: s.org.id, conversationId: start.conversationId, text, now: OPEN_NOW });
  await turn(question);
  const answer = await turn("Dana Owner");
  expect(answer.state.verification.verified).toBe(true);
  return { answer, conversationId: start.conversationId };
}

describe("a verified caller's account from the PMS", () => {
  it("balance: storEDGE's ledger, not our rentals", async () => {
    const phone = randomUsNumber(512);
    const s = await tenantWithPms(phone);
    const { answer } = await ask(s, phone, "what's my balance");
    expect(answer.reply).toContain("$54.36");
  });

  it("gate code, when the operator shares storEDGE's: its code, given to the caller, audited, never stored", async () => {
    const phone = randomUsNumber(512);
    const s = await tenantWithPms(phone, { shareGateCodes: true });
    const { answer, conversationId } = await ask(s, phone, "what's my gate code");
    expect(answer.reply).toContain("4821");
    expect(answer.reply).not.toContain(s.localGateCode);
    expect(answer.secrets).toEqual(["4821"]);
    const rows = await db.select().from(message).where(eq(message.conversationId, conversationId));
    expect(JSON.stringify(rows)).not.toContain("4821");
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, s.org.id), eq(auditLog.action, "pms.gate_code_revealed")));
    expect(audits).toHaveLength(1);
  });

  it("gate code, sharing off (the default): neither storEDGE's code nor our possibly stale one; a person is offered", async () => {
    const phone = randomUsNumber(512);
    const s = await tenantWithPms(phone);
    const { answer } = await ask(s, phone, "what's my gate code");
    expect(answer.reply).not.toContain("4821");
    expect(answer.reply).not.toContain(s.localGateCode);
    expect(answer.secrets ?? []).toEqual([]);
    expect(answer.actions.find((a) => a.name === "get_account")).toMatchObject({ ok: false });
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, s.org.id), eq(auditLog.action, "pms.gate_code_revealed")));
    expect(audits).toHaveLength(0);
    // The balance still comes from storEDGE: only the gate code is held back.
    const balance = await ask(s, phone, "what's my balance");
    expect(balance.answer.reply).toContain("$54.36");
  });

  it("gate code shared under the text-on-file policy: texted to the phone on file, never said", async () => {
    const phone = randomUsNumber(512);
    const s = await tenantWithPms(phone, { shareGateCodes: true, policy: "text_on_file" });
    const { answer, conversationId } = await ask(s, phone, "what's my gate code");
    expect(answer.reply).toMatch(/texted your gate code/);
    expect(answer.reply).not.toContain("4821");
    const texts = await db.select().from(smsMessage).where(eq(smsMessage.organizationId, s.org.id));
    expect(texts.some((t) => t.to === phone)).toBe(true);
    expect(JSON.stringify(texts)).not.toContain("4821");
    const rows = await db.select().from(message).where(eq(message.conversationId, conversationId));
    expect(JSON.stringify(rows)).not.toContain("4821");
  });

  it("storEDGE down: answered from our own rental", async () => {
    const phone = randomUsNumber(512);
    const s = await tenantWithPms(phone);
    fake.control.down = true;
    try {
      const { answer } = await ask(s, phone, "what's my gate code");
      expect(answer.reply).toContain(s.localGateCode);
      expect(answer.reply).not.toContain("4821");
    } finally {
      fake.control.down = false;
    }
  });
});

describe("a booking not yet confirmed by the PMS", () => {
  it("is worded as pending in the facility's system, in both languages", () => {
    const values = { confirmationCode: "AB12CD", day: "Friday, January 18" };
    expect(phrase({ language: "en" }, "sales.reserved_pending_in_the_pms", values)).toMatch(
      /AB12CD.*pending in the facility's system/,
    );
    expect(phrase({ language: "es" }, "sales.reserved_pending_in_the_pms", values)).toMatch(/AB12CD.*pendiente/);
  });
});
