import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { setGateCodePolicy } from "@/server/agent/caller-verification";
import { respond, startConversation } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { auditLog, conversation, lead, message } from "@/server/db/schema";

import { seedOrganization } from "../factories";
import { CLOSED_NOW, OPEN_NOW, rentTo, seedAgentFacility } from "./seed";

async function setup(opts: { from?: string; channel?: "voice" | "sms" | "chat"; now?: Date; attested?: boolean } = {}) {
  const org = await seedOrganization();
  const seeded = await seedAgentFacility(org.id);
  const now = opts.now ?? OPEN_NOW;
  const start = await startConversation({
    organizationId: org.id,
    channel: opts.channel ?? "voice",
    facilityId: seeded.facility.id,
    fromAddress: opts.from ?? null,
    callerAttested: opts.attested,
    now,
  });
  const say = (text: string, idempotencyKey?: string) =>
    respond({
      organizationId: org.id,
      conversationId: start.conversationId,
      text,
      now,
      brain: "default",
      idempotencyKey,
    });
  return { org, ...seeded, conversationId: start.conversationId, say };
}

describe("agent engine: safety and routing", () => {
  it("gives a gate code only after verification, and never another customer's", async () => {
    const s = await setup({ from: "+15125550777" });
    const mine = await rentTo(s.org.id, s.unitTypes.small.id, "Dana Owner", "+15125550777");
    const theirs = await rentTo(s.org.id, s.unitTypes.medium.id, "Alice Other", "+15125550888");
    const ask = await s.say("what's my gate code");
    expect(ask.state.expecting).toBe("verification");
    expect(ask.reply).not.toMatch(/\d{6}/);
    // The wrong name against this caller ID does not verify.
    const wrong = await s.say("alice other");
    expect(wrong.state.verification.verified).toBe(false);
    expect(wrong.reply).not.toContain(theirs.gateCode);
    const ok = await s.say("dana owner");
    expect(ok.reply).not.toContain(theirs.gateCode);
    const [afterWrong] = await db.select().from(conversation).where(eq(conversation.id, s.conversationId));
    expect(JSON.stringify(afterWrong!.state)).not.toContain(theirs.gateCode);
    const msgs = await db.select().from(message).where(eq(message.conversationId, s.conversationId));
    expect(JSON.stringify(msgs)).not.toContain(theirs.gateCode);
    expect(mine.gateCode).toMatch(/^\d{6}$/);
  });

  it("reads the verified caller's own gate code by voice (attested caller ID, read_after_code), audited", async () => {
    // Gate codes are said only under the read_after_code policy, after a possession factor: here
    // a caller ID the carrier attested in full (tests/agent/gate-code-policy covers the others).
    const s = await setup({ from: "+15125550778", attested: true });
    await setGateCodePolicy(s.org.id, { label: "test" }, "read_after_code");
    const mine = await rentTo(s.org.id, s.unitTypes.small.id, "Dana Owner", "+15125550778");
    await s.say("i forgot my gate code");
    const t = await s.say("dana owner");
    expect(t.state.verification.verified).toBe(true);
    expect(t.reply).toContain(mine.gateCode);
    expect(t.speech).not.toContain(mine.gateCode); // spoken digit by digit
    const viewed = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, s.org.id), eq(auditLog.action, "rental.gate_code_viewed")));
    expect(viewed).toHaveLength(1);
    expect(viewed[0]!.actorLabel).toBe("agent");
  });

  it("transfers while the office is open and takes a message (a lead with a task) when closed", async () => {
    const open = await setup({ from: "+15125550779" });
    const t = await open.say("can i speak to a real person please");
    expect(t.end).toEqual({ reason: "transfer", transferTo: "+15125550199", alsoRing: [] });

    const closed = await setup({ from: "+15125550780", now: CLOSED_NOW });
    const c1 = await closed.say("can i speak to a real person please");
    expect(c1.end).toBeNull();
    expect(c1.actions.find((a) => a.name === "transfer_to_person")?.ok).toBe(false);
    await closed.say("pat lee");
    await closed.say("yes");
    const done = await closed.say("please call me about moving out next month");
    expect(done.end).toEqual({ reason: "message_taken" });
    const [l] = await db.select().from(lead).where(eq(lead.id, done.state.leadId!));
    expect(l!.notes).toContain("please call me about moving out next month");
    expect(l!.nextFollowUpAt).not.toBeNull();
    const [conv] = await db.select().from(conversation).where(eq(conversation.id, closed.conversationId));
    expect(conv!.outcome).toBe("message");
  });

  it("returns the stored reply for a retried turn without new rows", async () => {
    const s = await setup({ from: "+15125550781" });
    const first = await s.say("what are your hours", "CA1:turn-1");
    const again = await s.say("what are your hours", "CA1:turn-1");
    expect(again.duplicate).toBe(true);
    expect(again.reply).toBe(first.reply);
    const concurrent = await Promise.all([s.say("where are you", "CA1:turn-2"), s.say("where are you", "CA1:turn-2")]);
    expect(concurrent.filter((t) => t.duplicate)).toHaveLength(1);
    const msgs = await db.select().from(message).where(eq(message.conversationId, s.conversationId));
    expect(msgs).toHaveLength(5); // greeting + two turns
  });

  it("answers a Spanish caller's price question in Spanish", async () => {
    const s = await setup({ from: "+15125550782", channel: "sms" });
    const t = await s.say("hola cuanto cuesta una bodega de diez por diez");
    expect(t.state.language).toBe("es");
    expect(t.reply).toMatch(/cuesta \$120 al mes/); // texts are quoted the street rate, like calls
    expect(t.reply).toContain("¿Quiere reservar una?");
  });

  it("sends emergencies to a person at once, or an urgent message when closed", async () => {
    const open = await setup({ from: "+15125550783" });
    const t = await open.say("someone broke into my unit and stole my stuff");
    expect(t.end).toEqual({ reason: "emergency_transfer", transferTo: "+15125550199", alsoRing: [] });
    expect(t.reply).toContain("911");

    const closed = await setup({ from: "+15125550784", now: CLOSED_NOW });
    const c = await closed.say("there is a fire in building b");
    expect(c.end).toEqual({ reason: "message_taken" });
    const [l] = await db.select().from(lead).where(eq(lead.id, c.state.leadId!));
    expect(l!.notes).toMatch(/URGENT/);
    expect(l!.score).toBe(100);
  });

  it("re-prompts on silence, then offers a person", async () => {
    const s = await setup({ from: "+15125550785" });
    const a = await s.say("");
    expect(a.reply).toMatch(/still there/i);
    const b = await s.say("   ");
    expect(b.state.offer).toBe("transfer");
    const c = await s.say("yes");
    expect(c.end?.reason).toBe("transfer");
  });
});
