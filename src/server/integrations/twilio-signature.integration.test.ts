import { createHash } from "node:crypto";

import { beforeAll, describe, expect, it } from "vitest";

import {
  signJsonRequest,
  signRequest,
  validateJsonRequest,
  validateRequest,
  webhookSigningToken,
} from "@/server/integrations/twilio";
import { verifyConversationRelayHandshake, verifyTwilioJson } from "@/server/telephony/webhook-auth";
import { twilioSignature } from "../../../tests/fakes/twilio-server";

const TOKEN = "12345678901234567890123456789012";
beforeAll(() => {
  process.env.TWILIO_ACCOUNT_SID = `AC${"a".repeat(32)}`;
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
  delete process.env.TWILIO_API_BASE;
});

describe("Twilio request signatures", () => {
  it("signRequest matches Twilio's documented algorithm and validates, with or without the default port", () => {
    const url = "https://example.com/api/twilio/sms?x=1";
    const params = { From: "+14155550100", To: "+14155550123", Body: "hi & bye", MessageSid: `SM${"0".repeat(32)}` };
    const signature = signRequest(url, params);
    expect(webhookSigningToken()).toBe(TOKEN);
    expect(signature).toBe(twilioSignature(TOKEN, url, params));
    expect(validateRequest([TOKEN], signature, url, params)).toBe(true);
    expect(validateRequest([TOKEN], signature, "https://example.com:443/api/twilio/sms?x=1", params)).toBe(true);
    expect(validateRequest(["other-token-0000000000000000000"], signature, url, params)).toBe(false);
    expect(validateRequest([TOKEN], signature, url, { ...params, Body: "changed" })).toBe(false);
    expect(validateRequest([TOKEN], null, url, params)).toBe(false);
  });

  it("validates JSON-body requests by bodySHA256", async () => {
    const body = JSON.stringify({ event: "x", n: 1 });
    const signed = signJsonRequest("http://localhost:3000/api/twilio/json-hook", body);
    expect(new URL(signed.url).searchParams.get("bodySHA256")).toBe(createHash("sha256").update(body).digest("hex"));
    expect(validateJsonRequest([TOKEN], signed.signature, signed.url, body)).toBe(true);
    expect(validateJsonRequest([TOKEN], signed.signature, signed.url, body.replace("1", "2"))).toBe(false);

    const path = new URL(signed.url).pathname + new URL(signed.url).search;
    const ok = await verifyTwilioJson(
      new Request(`http://10.0.0.5:3000${path}`, {
        method: "POST",
        headers: { "x-twilio-signature": signed.signature, "content-type": "application/json" },
        body,
      }),
    );
    expect(ok).toMatchObject({ ok: true, body: { event: "x", n: 1 } });
    const bad = await verifyTwilioJson(
      new Request(`http://10.0.0.5:3000${path}`, {
        method: "POST",
        headers: { "x-twilio-signature": signed.signature },
        body: "{}",
      }),
    );
    expect(bad.ok ? 200 : bad.response.status).toBe(403);
  });

  it("validates ConversationRelay's WebSocket handshake against the ws(s) URL", async () => {
    const pathAndQuery = "/api/twilio/relay?callId=abc";
    const signature = signRequest("ws://localhost:3000/api/twilio/relay?callId=abc", {});
    expect(await verifyConversationRelayHandshake({ signature, pathAndQuery })).toBe(true);
    expect(await verifyConversationRelayHandshake({ signature, pathAndQuery: "/api/twilio/relay?callId=other" })).toBe(
      false,
    );
    expect(await verifyConversationRelayHandshake({ signature: undefined, pathAndQuery })).toBe(false);
  });
});
