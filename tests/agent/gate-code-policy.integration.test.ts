import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { env } from "@/env";
import { respond, startConversation, type AgentTurn } from "@/server/agent/engine";
import { SECRET_PLACEHOLDER } from "@/server/agent/secrets";
import { db } from "@/server/db/client";
import { auditLog, message, smsMessage, type GateCodePolicy } from "@/server/db/schema";

import { callerFor } from "../factories";
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI, type FakeReply } from "../fakes/openai-server";
import { startFakeTwilio, type FakeTwilio } from "../fakes/twilio-server";
import { randomUsNumber } from "../twilio-webhooks";
import { OPEN_NOW } from "./seed";
import { seedTenant } from "./seed-tenant";

/**
 * Issue 20, item 1: a name and a phone number are not secrets, and a voice caller ID is spoofed
 * trivially, so they only identify an account. A gate code is texted to the phone on file, or read
 * out after a possession factor (a one-time code texted to the phone on file, the confirmation
 * code, a text from that phone, a fully attested caller ID), or never given, as the organization
 * chooses. Balance and cancelling need possession too. No tool result (what a model reads) holds a code.
 */
let twilio: FakeTwilio;
let llm: FakeOpenAI;
let script: (req: ChatRequest, i: number) => FakeReply = () => ({ kind: "text", text: "Hello." });
let base = 0;
beforeAll(async () => {
  twilio = await startFakeTwilio();
  twilio.useInEnv();
  llm = await startFakeOpenAI((req, i) => script(req, i - base));
});
afterAll(async () => {
  await twilio.close();
  await llm.close();
});

async function tenantOrg(policy?: GateCodePolicy) {
  const phone = randomUsNumber(512);
  const { org, seeded, rental } = await seedTenant(phone);
  const owner = await callerFor(org.owner);
  // A number to text from (the organization's own, in its subaccount).
  const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 512 });
  await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber, facilityId: seeded.facility.id });
  if (policy) await owner.agent.setGateCodePolicy({ policy });
  const call = async (opts: { channel?: "voice" | "chat" | "sms"; from?: string | null; attested?: boolean } = {}) => {
    const start = await startConversation({
      organizationId: org.id,
      channel: opts.channel ?? "voice",
      facilityId: seeded.facility.id,
      fromAddress: opts.from === undefined ? phone : opts.from,
      callerAttested: opts.attested,
      now: OPEN_NOW,
    });
    const say = (text: string, brain?: "default" | "llm") =>
      respond({ organizationId: org.id, conversationId: start.conversationId, text, now: OPEN_NOW, brain });
    return { conversationId: start.conversationId, say };
  };
  return { org, owner, phone, gateCode: rental.gateCode, facilityId: seeded.facility.id, call };
}

/** The one-time code in the last text the fake Twilio received for `to`. */
function lastCodeTextedTo(to: string): string | null {
  const texts = twilio.messagesTo(to);
  const m = /verification code is (\d{6})/.exec(texts.at(-1)?.body ?? "");
  return m ? m[1]! : null;
}

async function reveals(organizationId: string) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.organizationId, organizationId), eq(auditLog.action, "rental.gate_code_viewed")));
}

const stored = async (conversationId: string) =>
  JSON.stringify(await db.select().from(message).where(eq(message.conversationId, conversationId)));

const neverSaid = (turns: AgentTurn[], code: string) => {
  for (const t of turns) {
    expect(t.reply).not.toContain(code);
    expect(JSON.stringify(t.actions)).not.toContain(code);
  }
};

describe("read_after_code: a one-time code to the phone on file before a gate code is said", () => {
  it("a caller ID match (not attested) gets a one-time code; the right code reads the gate code", async () => {
    const s = await tenantOrg("read_after_code");
    const c = await s.call();
    const asked = await c.say("what's my gate code");
    const named = await c.say("Dana Owner");
    expect(named.state.verification.verified).toBe(false);
    expect(named.reply).toMatch(/texted a 6-digit code/);
    neverSaid([asked, named], s.gateCode);
    const otp = lastCodeTextedTo(s.phone);
    expect(otp).toMatch(/^\d{6}$/);
    // The code itself is nowhere but in the text: not the state, the transcript or a tool result.
    expect(JSON.stringify(named.state)).not.toContain(otp);
    expect(await stored(c.conversationId)).not.toContain(otp);

    const wrong = otp === "000000" ? "111111" : "000000";
    const miss = await c.say(wrong.split("").join(" "));
    expect(miss.state.verification.verified).toBe(false);
    expect(miss.reply).toMatch(/doesn't match/);
    neverSaid([miss], s.gateCode);
    expect(await reveals(s.org.id)).toHaveLength(0);

    const ok = await c.say(`it's ${otp}`);
    expect(ok.state.verification.verified).toBe(true);
    expect(ok.reply).toContain(s.gateCode);
    // The tool's result (what a model would read) still holds no code.
    expect(JSON.stringify(ok.actions)).not.toContain(s.gateCode);
    expect(await stored(c.conversationId)).not.toContain(s.gateCode);
    expect(await reveals(s.org.id)).toHaveLength(1);
  });

  it("a stated number never receives the one-time code, and guessing it gives up after three tries", async () => {
    const s = await tenantOrg("read_after_code");
    const attackerPhone = randomUsNumber(512);
    const c = await s.call({ from: attackerPhone });
    await c.say("I need my gate code");
    await c.say("Dana Owner");
    // The attacker knows the account's number and says it.
    const t = await c.say(s.phone.replace("+1", ""));
    expect(t.reply).toMatch(/texted a 6-digit code/);
    expect(twilio.messagesTo(attackerPhone)).toHaveLength(0);
    expect(lastCodeTextedTo(s.phone)).toMatch(/^\d{6}$/);
    const otp = lastCodeTextedTo(s.phone)!;
    const turns: AgentTurn[] = [];
    for (const guess of ["123456", "654321", "111222"].filter((g) => g !== otp)) turns.push(await c.say(guess));
    neverSaid(turns, s.gateCode);
    expect(turns.at(-1)!.state.verification.verified).toBe(false);
    expect(turns.at(-1)!.state.verification.step).not.toBe("one_time_code");
    // Even the right code is refused once the tries are used up.
    const late = await c.say(otp);
    expect(late.reply).not.toContain(s.gateCode);
    expect(await reveals(s.org.id)).toHaveLength(0);
  });

  it("a fully attested caller ID (STIR/SHAKEN A) or a text from the phone on file is possession", async () => {
    const s = await tenantOrg("read_after_code");
    const voice = await s.call({ attested: true });
    await voice.say("what's my gate code");
    const t = await voice.say("Dana Owner");
    expect(t.state.verification.verified).toBe(true);
    expect(t.reply).toContain(s.gateCode);

    const sms = await s.call({ channel: "sms" });
    await sms.say("whats my gate code");
    const bySms = await sms.say("Dana Owner");
    expect(bySms.reply).toContain(s.gateCode);
    expect(twilio.messagesTo(s.phone).filter((m) => /verification code/.test(m.body))).toHaveLength(0);
  });

  it("the balance needs the one-time code as well", async () => {
    const s = await tenantOrg();
    const c = await s.call();
    await c.say("what's my balance");
    const t = await c.say("Dana Owner");
    expect(t.state.verification.verified).toBe(false);
    expect(t.reply).toMatch(/texted a 6-digit code/);
    expect(t.actions.filter((a) => a.name === "get_account" && a.ok)).toHaveLength(0);
    const ok = await c.say(lastCodeTextedTo(s.phone)!);
    expect(ok.state.verification.verified).toBe(true);
    expect(ok.actions.some((a) => a.name === "get_account" && a.ok)).toBe(true);
  });
});

describe("text_on_file (the default): the gate code goes only to the phone on the account", () => {
  it("is texted to the phone on file, never said, never to the caller's own number, and stored as a placeholder", async () => {
    const s = await tenantOrg();
    const otherPhone = randomUsNumber(512);
    const c = await s.call({ from: otherPhone });
    const turns = [await c.say("i forgot my gate code"), await c.say("Dana Owner"), await c.say(s.phone)];
    expect(turns.at(-1)!.reply).toMatch(/texted your gate code to the phone number on your account/);
    neverSaid(turns, s.gateCode);
    const toOwner = twilio.messagesTo(s.phone).filter((m) => m.body.includes(s.gateCode));
    expect(toOwner).toHaveLength(1);
    expect(twilio.messagesTo(otherPhone)).toHaveLength(0);
    const rows = await db.select().from(smsMessage).where(eq(smsMessage.organizationId, s.org.id));
    expect(JSON.stringify(rows)).not.toContain(s.gateCode);
    expect(rows.some((r) => r.body.includes(SECRET_PLACEHOLDER))).toBe(true);
    expect(await stored(c.conversationId)).not.toContain(s.gateCode);
    expect(await reveals(s.org.id)).toHaveLength(1);
  });
});

describe("never: the agent gives no gate code", () => {
  it("offers the office instead, even to a verified caller", async () => {
    const s = await tenantOrg("never");
    const c = await s.call({ attested: true });
    const t = await c.say("what's my gate code");
    expect(t.reply).toMatch(/only by the office/);
    expect(t.actions.filter((a) => a.name === "get_account")).toHaveLength(0);
    expect(twilio.messagesTo(s.phone)).toHaveLength(0);
    expect(await reveals(s.org.id)).toHaveLength(0);
    // Directly through the tool (as a model could), refused too.
    await c.say("no thanks");
    expect((await s.owner.agent.gateCodePolicy()).policy).toBe("never");
  });

  it("only an admin changes the policy, and the change is audited", async () => {
    const s = await tenantOrg();
    expect((await s.owner.agent.gateCodePolicy()).policy).toBe("text_on_file");
    await s.owner.agent.setGateCodePolicy({ policy: "never" });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, s.org.id), eq(auditLog.action, "agent.gate_code_policy_changed")));
    expect(audit!.data).toEqual({ from: "text_on_file", to: "never" });
    await expect(s.owner.agent.setGateCodePolicy({ policy: "always" as never })).rejects.toThrow();
  });
});

describe("the LLM brain never sees a gate code", () => {
  it("get_account hands the code to the engine, which adds it to the reply; no tool message holds it", async () => {
    const s = await tenantOrg("read_after_code");
    Object.assign(env, {
      OPENAI_API_KEY: "sk-test-fake",
      OPENAI_BASE_URL: llm.url,
      OPENAI_MODEL: "fake-model",
      AGENT_LLM_TIMEOUT_MS: 3000,
    });
    try {
      const c = await s.call({ attested: true });
      base = llm.requests.length;
      const steps: FakeReply[] = [
        { kind: "tools", calls: [{ name: "verify_caller", arguments: JSON.stringify({ name: "Dana Owner" }) }] },
        { kind: "tools", calls: [{ name: "get_account", arguments: JSON.stringify({ include: ["gate_code"] }) }] },
        { kind: "text", text: "You're verified, Dana." },
      ];
      script = (_req, i) => steps[i] ?? { kind: "status", status: 500 };
      const t = await c.say("hi this is dana owner, what's my gate code", "llm");
      expect(t.brain).toBe("llm");
      expect(t.reply).toContain("You're verified, Dana.");
      expect(t.reply).toContain(s.gateCode);
      const seenByModel = JSON.stringify(llm.requests.slice(base));
      expect(seenByModel).toContain("get_account");
      expect(seenByModel).not.toContain(s.gateCode);
      expect(await stored(c.conversationId)).not.toContain(s.gateCode);

      // A model that writes a code of its own (not from a tool) is overruled by the default brain.
      base = llm.requests.length;
      const c2 = await s.call({ attested: true });
      const invent: FakeReply[] = [{ kind: "text", text: "Your gate code is 135791." }];
      script = (_req, i) => invent[i] ?? { kind: "status", status: 500 };
      const t2 = await c2.say("what's the gate code", "llm");
      expect(t2.brain).toBe("default");
      expect(t2.reply).not.toContain("135791");
    } finally {
      Object.assign(env, { OPENAI_API_KEY: undefined });
    }
  });
});
