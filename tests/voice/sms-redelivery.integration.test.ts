import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { env } from "@/env";
import { handleSmsWebhook } from "@/server/channels/sms/sms-webhook";
import { db } from "@/server/db/client";
import { smsMessage, usageRecord } from "@/server/db/schema";
import { publicUrl, signRequest } from "@/server/integrations/twilio";

import { seedAgentFacility } from "../agent/seed";
import { callerFor, seedOrganization } from "../factories";
import { startFakeOpenAI, type FakeOpenAI, type FakeReply } from "../fakes/openai-server";
import { startFakeTwilio, type FakeTwilio } from "../fakes/twilio-server";
import { inboundSmsParams, randomUsNumber, twilioPost, twimlMessages } from "../twilio-webhooks";

/**
 * Issue 20, item 3: a text whose first delivery stored it but never replied (the process died, or
 * the turn outlasted Twilio's patience) is answered when Twilio delivers it again.
 */
const root = path.resolve(import.meta.dirname, "../..");
let twilio: FakeTwilio;
let model: FakeOpenAI;
let script: () => FakeReply = () => ({ kind: "hang" });
let modelAsked: () => void = () => {};
const children = new Set<ChildProcess>();
const saved = { OPENAI_API_KEY: env.OPENAI_API_KEY, OPENAI_BASE_URL: env.OPENAI_BASE_URL };

beforeAll(async () => {
  twilio = await startFakeTwilio();
  twilio.useInEnv();
  model = await startFakeOpenAI(() => {
    modelAsked();
    return script();
  });
});
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  Object.assign(env, saved);
  await model.close();
  await twilio.close();
});

async function orgWithNumber() {
  const org = await seedOrganization();
  const { facility: f } = await seedAgentFacility(org.id);
  const owner = await callerFor(org.owner);
  const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 512 });
  const row = await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber, facilityId: f.id });
  return { org, number: row.e164, accountSid: row.twilioAccountSid! };
}

/** What Twilio would post, signed once: every delivery of it is byte for byte the same request. */
function delivery(s: Awaited<ReturnType<typeof orgWithNumber>>, body: string) {
  const params = inboundSmsParams({ from: randomUsNumber(650), to: s.number, body, accountSid: s.accountSid });
  const signature = signRequest(publicUrl("/api/twilio/sms"), params, twilio.account(s.accountSid)!.authToken);
  return { params, signature, deliver: () => handleSmsWebhook(twilioPost("/api/twilio/sms", params, { signature })) };
}

const rowsOf = (messageSid: string, organizationId: string) =>
  Promise.all([
    db.select().from(smsMessage).where(eq(smsMessage.twilioSid, messageSid)),
    db
      .select()
      .from(smsMessage)
      .where(and(eq(smsMessage.organizationId, organizationId), eq(smsMessage.idempotencyKey, `reply:${messageSid}`))),
  ]);

function startDelivery(d: ReturnType<typeof delivery>): ChildProcess {
  const tsx = path.join(root, "node_modules/tsx/dist");
  const child = spawn(
    process.execPath,
    [
      "--require",
      path.join(tsx, "preflight.cjs"),
      "--import",
      `file://${path.join(tsx, "loader.mjs")}`,
      "tests/voice/sms-delivery-child.ts",
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "test",
        LOG_LEVEL: "warn",
        SMS_DELIVERY: JSON.stringify({ path: "/api/twilio/sms", params: d.params, signature: d.signature }),
        // The child's turn goes to the model, which never answers: the process is killed mid-turn.
        OPENAI_API_KEY: "sk-test-redelivery",
        OPENAI_BASE_URL: model.url,
        AGENT_LLM_TIMEOUT_MS: "60000",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

describe("a text cut off before its reply", () => {
  it("is answered on Twilio's redelivery after the first delivery was SIGKILLed mid-turn", async () => {
    const s = await orgWithNumber();
    const d = delivery(s, "Do you have a 10x10 available?");
    script = () => ({ kind: "hang" });
    const asked = new Promise<void>((resolve) => (modelAsked = resolve));
    const child = startDelivery(d);
    let output = "";
    child.stdout!.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    await Promise.race([
      asked,
      exited.then(() => {
        throw new Error(`the delivery process ended before its turn reached the model:\n${output}`);
      }),
    ]);
    // The text is stored, the turn is waiting on the model: the process dies here.
    child.kill("SIGKILL");
    await exited;
    modelAsked = () => {};

    const [inbound, replies] = await rowsOf(d.params.MessageSid!, s.org.id);
    expect(inbound).toHaveLength(1);
    expect(inbound[0]!.answeredAt).toBeNull();
    expect(replies).toEqual([]);

    // Twilio delivers it again (to a process with no model configured: the default brain answers).
    const res = await d.deliver();
    expect(res.status).toBe(200);
    const answer = twimlMessages(await res.text());
    expect(answer).toHaveLength(1);
    // The agent's answer, not the apology for a failed turn.
    expect(answer[0]).not.toMatch(/something went wrong/i);

    const [after, stored] = await rowsOf(d.params.MessageSid!, s.org.id);
    expect(after).toHaveLength(1);
    expect(after[0]!.answeredAt).not.toBeNull();
    expect(stored.map((r) => r.body)).toEqual(answer);
    // Any later delivery is a plain duplicate: the same reply, metered once.
    expect(twimlMessages(await (await d.deliver()).text())).toEqual(answer);
    const usage = await db
      .select()
      .from(usageRecord)
      .where(and(eq(usageRecord.organizationId, s.org.id), eq(usageRecord.sourceId, `sms:${d.params.MessageSid}`)));
    expect(usage).toHaveLength(1);
  }, 180_000);

  it("a redelivery while the first delivery's slow turn is still running gets that turn's reply", async () => {
    const s = await orgWithNumber();
    const d = delivery(s, "What are your office hours?");
    Object.assign(env, { OPENAI_API_KEY: "sk-test-slow", OPENAI_BASE_URL: model.url, AGENT_LLM_TIMEOUT_MS: 20_000 });
    try {
      const reply = "We're open 9 to 6 today. Anything else?";
      script = () => ({ kind: "text", text: reply, chunkSize: 4, delayMs: 250 });
      const asked = new Promise<void>((resolve) => (modelAsked = resolve));
      const first = d.deliver();
      await asked;
      modelAsked = () => {};
      // Twilio gave up on the first request and delivers again while the model is still answering.
      const second = await d.deliver();
      const answered = twimlMessages(await (await first).text());
      expect(answered).toHaveLength(1);
      expect(answered[0]).toContain("open 9 to 6");
      expect(twimlMessages(await second.text())).toEqual(answered);
      expect(model.requests.filter((r) => JSON.stringify(r.messages).includes("office hours"))).toHaveLength(1);
    } finally {
      Object.assign(env, saved);
    }
  }, 120_000);
});
