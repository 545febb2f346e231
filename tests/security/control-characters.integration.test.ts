import { sql } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { auth } from "@/server/auth";
import { handleSmsWebhook } from "@/server/channels/sms/sms-webhook";
import { db } from "@/server/db/client";
import { log } from "@/server/log";

import { startChat, chatJson, seedChatOrg } from "../chat/helpers";
import { type TestOrg } from "../factories";
import { api, rawCall, seedApiOrg } from "../public-api/helpers";
import { inboundSmsParams, randomSid, randomUsNumber, twilioPost } from "../twilio-webhooks";

/**
 * Issue 20 item 10: a NUL (or another control character) in a name, phone or text answers 400 at
 * every door, never 500, and the values of a failed query never reach the log.
 */
const NUL_NAME = `Zelda\u0000Quux`;
const PHONE = "+15125550777";

let captured = "";
const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
beforeEach(() => {
  captured = "";
  // The log writes JSON lines to stdout/stderr: keep a copy (and still write them).
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured += String(chunk);
    return (writes.out as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured += String(chunk);
    return (writes.err as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
});
afterEach(() => {
  process.stdout.write = writes.out;
  process.stderr.write = writes.err;
  for (const secret of ["Zelda", "Quux", PHONE, "zelda@"])
    expect(captured, "the log names no value").not.toContain(secret);
});

let org: TestOrg;
let key: string;
beforeAll(async () => {
  ({ org, key } = await seedApiOrg());
});

describe("control characters are a 400 at every door", () => {
  it("tRPC: a query and a mutation over HTTP", async () => {
    const cookie = org.owner.headers.get("cookie")!;
    const input = encodeURIComponent(JSON.stringify({ json: { query: NUL_NAME } }));
    const list = await trpcGet(
      new Request(`http://localhost:3000/api/trpc/customers.list?input=${input}`, {
        method: "GET",
        headers: { cookie },
      }),
    );
    expect(list.status).toBe(400);
    const upsert = await trpcPost(
      new Request("http://localhost:3000/api/trpc/customers.upsert", {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ json: { name: NUL_NAME, phone: PHONE } }),
      }),
    );
    expect(upsert.status).toBe(400);
    const body = (await upsert.json()) as { error: { json: { message: string } } };
    expect(body.error.json.message).toMatch(/name: Text may not contain control characters/);
  });

  it("REST: body fields and query parameters", async () => {
    const lead = await api(key, "POST", "/leads", { source: "web", name: NUL_NAME, phone: PHONE });
    expect(lead.status).toBe(400);
    expect(lead.body.errors).toEqual([{ location: "body", path: "name", message: expect.any(String) }]);
    const note = await api(key, "POST", "/leads", { source: "web", phone: PHONE, notes: "gate\u0007bell" });
    expect(note.status).toBe(400);
    const search = await rawCall("GET", `/leads?phone=${encodeURIComponent(`${PHONE}\u0000`)}`, { key });
    expect(search.status).toBe(400);
    // Lines and tabs in a note are fine.
    expect((await api(key, "POST", "/leads", { source: "web", phone: PHONE, notes: "line 1\n\tline 2" })).status).toBe(
      201,
    );
  });

  it("web chat: a message", async () => {
    const { key: widgetKey } = await seedChatOrg();
    const origin = "https://shop.example";
    const c = await startChat(widgetKey, { origin });
    const r = await chatJson("POST", `/${widgetKey}/conversations/${c.conversationId}/messages`, {
      origin,
      token: c.token,
      body: { text: `I am ${NUL_NAME}` },
    });
    expect(r.status).toBe(400);
    expect(r.body.type).toBe("https://storage-agent.dev/problems/validation-error");
  });

  it("Twilio: a signed text message", async () => {
    const params = inboundSmsParams({
      from: PHONE,
      to: randomUsNumber(),
      body: `this is ${NUL_NAME}`,
      accountSid: randomSid("AC"),
    });
    const res = await handleSmsWebhook(twilioPost("/api/twilio/sms", params));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("Control characters in Body");
  });

  it("Better Auth: sign-up", async () => {
    const res = await auth.handler(
      new Request("http://localhost:3000/api/auth/sign-up/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": "10.9.8.7" },
        body: JSON.stringify({ name: NUL_NAME, email: "zelda@example.com", password: "correct-horse-battery" }),
      }),
    );
    expect(res.status).toBe(400);
  });
});

describe("a failed query's values never reach the log", () => {
  it("scrubs Drizzle's params and PostgreSQL's echoed value from messages, stacks and error objects", async () => {
    let failed: unknown;
    try {
      await db.execute(sql`select ${NUL_NAME}::text, ${PHONE}::text`);
    } catch (err) {
      failed = err;
    }
    expect(String(failed)).toContain("Zelda"); // what Drizzle puts in the message
    let echoed: unknown;
    try {
      await db.execute(sql`select ${"zelda@example.com"}::uuid`);
    } catch (err) {
      echoed = err;
    }
    log.error({ err: String(failed), stack: (failed as Error).stack, error: failed }, "query failed");
    log.error({ err: echoed }, "query failed");
    log.error(String(failed));
    expect(captured).toContain("params: [redacted]");
    expect(captured).toContain('invalid input syntax for type uuid: \\"[redacted]\\"');
  });
});
