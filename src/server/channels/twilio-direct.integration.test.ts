import { readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { POST as gatherRoute } from "@/app/api/twilio/voice/gather/route";
import { POST as smsRoute } from "@/app/api/twilio/sms/route";
import { TWILIO_WEBHOOKS } from "@/server/channels/webhook-routes";
import { db } from "@/server/db/client";
import { conversation, phoneNumber, smsMessage } from "@/server/db/schema";

import { seedOrganization } from "../../../tests/factories";
import { seedAgentFacility } from "../../../tests/agent/seed";
import { inboundSmsParams, randomSid, randomUsNumber, twilioPost, twimlMessages } from "../../../tests/twilio-webhooks";
import { serveTwilioWebhook } from "./twilio-direct";

/** server.ts's listener in small: our webhooks first, everything else "Next" (a marker answer here). */
let base: string;
const server = http.createServer((req, res) => {
  if (!serveTwilioWebhook(req, res)) res.writeHead(299, { "x-served-by": "next" }).end();
});
let orgId: string;
let ourNumber: string;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  orgId = (await seedOrganization()).id;
  const { facility } = await seedAgentFacility(orgId, { units: 5 });
  ourNumber = randomUsNumber(512);
  await db
    .insert(phoneNumber)
    .values({ organizationId: orgId, e164: ourNumber, facilityId: facility.id, source: "attached", friendlyName: "t" });
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Sends a Request built by the test helpers to our little server over real HTTP. */
async function overHttp(req: Request, pathAndQuery: string, method = "POST") {
  return fetch(`${base}${pathAndQuery}`, {
    method,
    headers: req.headers,
    body: method === "POST" ? await req.text() : undefined,
  });
}

function routeFiles(dir: string, prefix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name), `${prefix}/${e.name}`) : e.name === "route.ts" ? [prefix] : [],
  );
}

describe("Twilio webhooks served before Next", () => {
  it("serves exactly the paths that have a route file under src/app/api/twilio", () => {
    const paths = routeFiles(path.resolve("src/app/api/twilio"), "/api/twilio").sort();
    expect(Object.keys(TWILIO_WEBHOOKS).sort()).toEqual(paths);
  });

  it("answers a signed text as the route handler does, and the route answers its retry with the same reply", async () => {
    const params = inboundSmsParams({
      from: randomUsNumber(650),
      to: ourNumber,
      body: "what are your hours",
      accountSid: randomSid("AC"),
    });
    const direct = await overHttp(twilioPost("/api/twilio/sms", params), "/api/twilio/sms");
    expect(direct.status).toBe(200);
    expect(direct.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    const xml = await direct.text();
    const [reply] = twimlMessages(xml);
    expect(reply).toMatch(/\d/); // the hours, from the facility

    // Twilio's retry of the same MessageSid, this time through Next's route handler: the stored reply.
    const retry = await smsRoute(twilioPost("/api/twilio/sms", params));
    expect(retry.status).toBe(200);
    expect(retry.headers.get("content-type")).toBe(direct.headers.get("content-type"));
    expect(await retry.text()).toBe(xml);
    const stored = await db.select().from(smsMessage).where(eq(smsMessage.twilioSid, params.MessageSid!));
    expect(stored).toHaveLength(1);
  });

  it("passes the query string: a call and its gather turn, then the same turn's retry through the route", async () => {
    const call = { CallSid: randomSid("CA"), AccountSid: randomSid("AC"), From: randomUsNumber(737), To: ourNumber };
    const incoming = await overHttp(
      twilioPost("/api/twilio/voice", { ...call, CallStatus: "ringing", Direction: "inbound" }),
      "/api/twilio/voice",
    );
    expect(incoming.status).toBe(200);
    const actionUrl = new URL(/action="([^"]+)"/.exec(await incoming.text())![1]!.replace(/&amp;/g, "&"));
    const action = `${actionUrl.pathname}${actionUrl.search}`;
    expect(action).toMatch(/^\/api\/twilio\/voice\/gather\?c=[0-9a-f-]{36}&t=1/);
    const turn = { ...call, CallStatus: "in-progress", SpeechResult: "how much is a ten by ten", Confidence: "0.9" };
    const answered = await overHttp(twilioPost(action, turn), action);
    expect(answered.status).toBe(200);
    expect(answered.headers.get("content-type")).toContain("text/xml");
    const twiml = await answered.text();
    expect(twiml).toContain("<Gather");
    expect(twiml).toContain("t=2");
    // The same turn again through Next's route: the engine's idempotency key CallSid:t gives the same words.
    const again = await gatherRoute(twilioPost(action, turn));
    expect(await again.text()).toBe(twiml);
    const [row] = await db.select().from(conversation).where(eq(conversation.externalId, call.CallSid));
    expect(row?.organizationId).toBe(orgId);
  });

  it("refuses a forged or missing signature (403) and a body that is not a form (400), storing nothing", async () => {
    const params = inboundSmsParams({
      from: randomUsNumber(650),
      to: ourNumber,
      body: "hello",
      accountSid: randomSid("AC"),
    });
    const forged = await overHttp(
      twilioPost("/api/twilio/sms", params, { signature: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" }),
      "/api/twilio/sms",
    );
    expect(forged.status).toBe(403);
    const unsigned = await overHttp(twilioPost("/api/twilio/sms", params, { signature: null }), "/api/twilio/sms");
    expect(unsigned.status).toBe(403);
    const json = await overHttp(
      twilioPost("/api/twilio/sms", params, { contentType: "application/json", rawBody: "{}" }),
      "/api/twilio/sms",
    );
    expect(json.status).toBe(400);
    // Signed for another path: the signature covers the path, so it is refused here.
    const elsewhere = await overHttp(twilioPost("/api/twilio/sms-status", params), "/api/twilio/sms");
    expect(elsewhere.status).toBe(403);
    expect(await db.select().from(smsMessage).where(eq(smsMessage.twilioSid, params.MessageSid!))).toHaveLength(0);
  });

  it("leaves other methods, other spellings of the paths and every other path to Next", async () => {
    const params = inboundSmsParams({
      from: randomUsNumber(650),
      to: ourNumber,
      body: "hi",
      accountSid: randomSid("AC"),
    });
    for (const [method, p] of [
      ["GET", "/api/twilio/sms"],
      ["HEAD", "/api/twilio/voice"],
      ["POST", "/api/twilio/sms/"],
      ["POST", "/api/twilio/SMS"],
      ["POST", "/api/twilio//sms"],
      ["POST", "/api/twilio/relay"],
      ["POST", "/api/twilio"],
      ["POST", "/api/trpc/calls.list"],
      ["POST", "/constructor"],
      ["POST", "/__proto__"],
    ] as const) {
      const res = await overHttp(twilioPost("/api/twilio/sms", params), p, method);
      expect(res.status, `${method} ${p}`).toBe(299);
      expect(res.headers.get("x-served-by")).toBe("next");
    }
  });
});
