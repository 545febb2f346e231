import fc from "fast-check";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";

import { POST as authPost } from "@/app/api/auth/[...all]/route";
import { POST as stripeWebhook } from "@/app/api/stripe/webhook/route";
import { GET as trpcGet, POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { TWILIO_WEBHOOKS } from "@/server/channels/webhook-routes";
import { parseImportJson } from "@/server/domain/import/parse-import";
import { parseUnitsCsv } from "@/server/domain/import/units-csv";

import { chat, newIp, seedChatOrg, startChat } from "../chat/helpers";
import { rawCall, seedApiOrg } from "../public-api/helpers";
import { randomUsNumber, twilioPost } from "../twilio-webhooks";

/**
 * Issue 20, item 2: every way untrusted text enters (import JSON and CSV, tRPC bodies and queries,
 * chat bodies, public API bodies, auth bodies, Twilio and Stripe webhooks) is fed hostile shapes:
 * deep nesting, oversize bodies, broken UTF-8, structural junk and mutated valid documents. Nothing
 * may throw out of a parser or answer a 5xx, and whatever is too deep or too large is refused.
 */
process.env.API_RATE_LIMIT_PER_MINUTE = "1000000";

const deepJson = fc
  .tuple(fc.integer({ min: 40, max: 30_000 }), fc.boolean())
  .map(([d, arrays]) => (arrays ? "[".repeat(d) + "]".repeat(d) : '{"a":'.repeat(d) + "1" + "}".repeat(d)));
const jsonish = fc
  .array(fc.constantFrom("[", "]", "{", "}", '"', "\\", ",", ":", "1", "a", "\u0000", "\ud800", " ", "\n", "é", "ü"), {
    maxLength: 400,
  })
  .map((parts) => parts.join(""));
const leaf = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ minLength: 3000, maxLength: 9000 }),
);
/** Any text a client might send: hostile structure, junk, or a JSON value. */
const hostileText = fc.oneof(
  deepJson,
  jsonish,
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  leaf.map((v) => JSON.stringify(v)),
  fc.constantFrom(
    "",
    "{",
    "null",
    "1e999999",
    '"\\ud800"',
    '{"a":1}{"b":2}',
    "\uFEFF{}",
    "[".repeat(33) + "]".repeat(33),
  ),
);
/** Wrapped so the deep part sits where the receiving parser looks (tRPC's {json}, an import's facilities). */
const inEnvelope = (before: string, after: string) =>
  fc.oneof(
    hostileText,
    deepJson.map((d) => before + d + after),
  );

const isDeep = (text: string, limit: number) => {
  let depth = 0;
  let max = 0;
  for (const c of text) {
    if (c === "[" || c === "{") max = Math.max(max, ++depth);
    else if (c === "]" || c === "}") depth--;
  }
  return max > limit;
};

describe("import parsers", () => {
  it("never throw, refuse deep files by name, and point at lines that exist", () => {
    const importFile = fc.oneof(
      inEnvelope('{"version":1,"facilities":', "}"),
      fc
        .record({ version: fc.oneof(fc.constant(1), leaf), facilities: fc.array(fc.jsonValue({ maxDepth: 4 })) })
        .map((v) => JSON.stringify(v, null, 2)),
    );
    fc.assert(
      fc.property(importFile, (text) => {
        const out = parseImportJson(text);
        if (out.ok) return;
        const lines = text.split("\n").length;
        for (const issue of out.issues) {
          expect(issue.line === null || (issue.line >= 1 && issue.line <= lines)).toBe(true);
        }
        if (/^[[{"a:1\]}]+$/.test(text) && isDeep(text, 32)) expect(out.issues[0]!.message).toMatch(/nests deeper/);
      }),
      { numRuns: 300 },
    );
  });

  it("CSV: never throws on junk, wide rows or endless blank lines", () => {
    const csv = fc.oneof(
      jsonish,
      fc.string({ maxLength: 400 }),
      fc.integer({ min: 1, max: 2_000_000 }).map((n) => "facility,unit_type,number\n" + ",".repeat(n)),
      fc.integer({ min: 1, max: 300_000 }).map((n) => "facility,unit_type,number\n" + "\n".repeat(n)),
      fc.constantFrom('"', '"""', 'facility,unit_type,number\n"unterminated'),
    );
    fc.assert(
      fc.property(csv, (text) => {
        const out = parseUnitsCsv(text);
        if (!out.ok) expect(out.issues.length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 100 },
    );
    expect(parseUnitsCsv("facility,unit_type,number\n" + "x,y,1\n".repeat(100_001))).toMatchObject({
      ok: false,
      issues: [{ message: expect.stringMatching(/at most 100000 units/) }],
    });
  });
});

describe("HTTP entry points", () => {
  let cookie: string;
  let widgetKey: string;
  let apiKey: string;

  beforeAll(async () => {
    const chatOrg = await seedChatOrg(["https://shop.example"]);
    cookie = chatOrg.org.owner.headers.get("cookie")!;
    widgetKey = chatOrg.key;
    apiKey = (await seedApiOrg()).key;
  }, 120_000);

  const noServerError = (label: string, status: number, body?: string) =>
    expect(status, `${label}: ${body?.slice(0, 200)}`).toBeLessThan(500);

  it("tRPC: bodies and query inputs of any shape answer 4xx or 2xx, deep ones 400", async () => {
    await fc.assert(
      fc.asyncProperty(inEnvelope('{"json":{"format":"json","text":"x","extra":', "}}"), async (body) => {
        const res = await trpcPost(
          new Request("http://localhost:3000/api/trpc/inventory.importPreview", {
            method: "POST",
            headers: { "content-type": "application/json", cookie, origin: "http://localhost:3000" },
            body,
          }),
        );
        noServerError("trpc post", res.status, await res.text());
        if (isDeep(body, 64)) expect(res.status).toBe(400);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(inEnvelope('{"json":', "}"), async (input) => {
        const res = await trpcGet(
          new Request(
            `http://localhost:3000/api/trpc/facilities.list?input=${encodeURIComponent(input.slice(0, 6000).replace(/[\ud800-\udfff]/g, "?"))}`,
            {
              headers: { cookie },
            },
          ),
        );
        noServerError("trpc get", res.status, await res.text());
      }),
      { numRuns: 40 },
    );
  });

  it("tRPC: a body over the limit is refused while it streams", async () => {
    const { TRPC_MAX_BODY_BYTES } = await import("@/server/api/bounded-request");
    const chunk = new TextEncoder().encode(" ".repeat(1024 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent > TRPC_MAX_BODY_BYTES + chunk.length) return c.close();
        sent += chunk.length;
        c.enqueue(chunk);
      },
    });
    const res = await trpcPost(
      new Request("http://localhost:3000/api/trpc/inventory.importPreview", {
        method: "POST",
        headers: { "content-type": "application/json", cookie, origin: "http://localhost:3000" },
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
  });

  it("chat: message bodies of any shape answer 4xx or 2xx, deep ones 400", async () => {
    const origin = "https://shop.example";
    const thread = await startChat(widgetKey, { origin });
    await fc.assert(
      fc.asyncProperty(inEnvelope('{"x":', "}"), async (rawBody) => {
        const res = await chat("POST", `/${widgetKey}/conversations/${thread.conversationId}/messages`, {
          origin,
          token: thread.token,
          ip: newIp(),
          rawBody,
        });
        noServerError("chat", res.status, await res.text());
        if (isDeep(rawBody, 32)) expect(res.status).toBe(rawBody.length > 16 * 1024 ? 413 : 400);
      }),
      { numRuns: 60 },
    );
  });

  it("public API: bodies of any shape answer 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(inEnvelope('{"source":"web","name":', "}"), async (body) => {
        const res = await rawCall("POST", "/leads", {
          key: apiKey,
          body,
          headers: { "content-type": "application/json" },
        });
        noServerError("api", res.status, await res.text());
        if (isDeep(body, 32)) expect(res.status).toBe(body.length > 256 * 1024 ? 413 : 400);
      }),
      { numRuns: 60 },
    );
  });

  it("auth: sign-in bodies of any shape answer 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(inEnvelope('{"email":"a@example.test","password":', "}"), async (body) => {
        const res = await authPost(
          new Request("http://localhost:3000/api/auth/sign-in/email", {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "x-forwarded-for": newIp(),
              origin: "http://localhost:3000",
            },
            body,
          }),
        );
        noServerError("auth", res.status, await res.text());
        if (isDeep(body, 32)) expect(res.status).toBe(body.length > 64 * 1024 ? 413 : 400);
      }),
      { numRuns: 40 },
    );
  });

  it("Twilio webhooks: signed forms with hostile values and unsigned junk answer without a 5xx", async () => {
    const paths = Object.keys(TWILIO_WEBHOOKS);
    const value = fc.oneof(hostileText, fc.string({ maxLength: 40 }), fc.constant(randomUsNumber()));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.dictionary(
          fc.oneof(
            fc.constantFrom("From", "To", "Body", "CallSid", "MessageSid", "AccountSid", "HandoffData"),
            fc.string(),
          ),
          value,
          { maxKeys: 6 },
        ),
        fc.boolean(),
        async (path, params, signed) => {
          const req = twilioPost(path, params, signed ? {} : { signature: "forged" });
          const res = await TWILIO_WEBHOOKS[path]!(req);
          noServerError(`twilio ${path}`, res.status, await res.text());
        },
      ),
      { numRuns: 60 },
    );
    // Found by the property above with seed -1067258231: a NUL in MessageSid reached the owner's query
    // on /api/twilio/sms-status (Postgres refuses NUL in text) and answered 500. Every path, always.
    for (const path of paths)
      for (const signed of [true, false]) {
        const nul = { MessageSid: "\u0000", CallSid: "\u0000", To: "\u0000", From: "SM\u0000", Body: "\u0000" };
        const res = await TWILIO_WEBHOOKS[path]!(twilioPost(path, nul, signed ? {} : { signature: "forged" }));
        noServerError(`twilio ${path} with NUL`, res.status, await res.text());
      }
    const huge = twilioPost("/api/twilio/sms", {}, { rawBody: "Body=" + "x".repeat(2 * 1024 * 1024) });
    expect((await TWILIO_WEBHOOKS["/api/twilio/sms"]!(huge)).status).toBe(413);
  });

  it("Stripe webhook: any body with any signature answers 4xx", async () => {
    // Configured only for this test (read at each call): elsewhere here billing stays unconfigured.
    process.env.STRIPE_SECRET_KEY = "sk_test_parser_fuzz";
    process.env.STRIPE_WEBHOOK_SECRET = "whsec_parser_fuzz";
    onTestFinished(() => {
      delete process.env.STRIPE_SECRET_KEY;
      delete process.env.STRIPE_WEBHOOK_SECRET;
    });
    await fc.assert(
      fc.asyncProperty(hostileText, fc.string({ maxLength: 80 }), async (body, signature) => {
        const res = await stripeWebhook(
          new Request("http://localhost:3000/api/stripe/webhook", {
            method: "POST",
            headers: { "content-type": "application/json", "stripe-signature": signature },
            body,
          }),
        );
        noServerError("stripe", res.status, await res.text());
        expect(res.status).toBe(400);
      }),
      { numRuns: 40 },
    );
  });
});
