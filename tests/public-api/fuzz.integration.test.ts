import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";

// Types only (erased): the module itself is loaded after the rate limit below is lifted.
import type * as HelpersModule from "./helpers";

/** A move-in date that books: inside the booking window (a year) whenever the test runs. */
const IN_30_DAYS = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/**
 * Thousands of generated malformed requests (bad JSON, wrong types, huge strings, bad cursors, bad
 * ids, odd methods and query strings) must never produce a 5xx, and every answer must still match
 * the OpenAPI document. The rate limit is lifted for this file so every request reaches a handler.
 */
process.env.API_RATE_LIMIT_PER_MINUTE = "1000000";

type Helpers = typeof HelpersModule;
let h: Helpers;
let key: string;
let ids: string[];

beforeAll(async () => {
  h = await import("./helpers");
  const { seedFacility } = await import("../inventory/helpers");
  const seeded = await h.seedApiOrg();
  key = seeded.key;
  const { facility, unitType } = await seedFacility(seeded.org.id, { units: 2 });
  const lead = await h.api(key, "POST", "/leads", { source: "web", phone: "+15125550888" });
  const { respond, startConversation } = await import("@/server/agent/engine");
  const thread = await startConversation({
    organizationId: seeded.org.id,
    channel: "sms",
    facilityId: facility.id,
    fromAddress: "+15125550888",
    toAddress: "+15125550100",
    greet: false,
  });
  await respond({
    organizationId: seeded.org.id,
    conversationId: thread.conversationId,
    text: "what are your hours",
    brain: "default",
  });
  const messages = await h.api(key, "GET", `/messages?conversation_id=${thread.conversationId}`);
  ids = [facility.id, unitType.id, lead.body.id as string, thread.conversationId, messages.body.data![0]!.id as string];
});

const idArb = () =>
  fc.oneof(
    fc.uuid(),
    fc.integer({ min: 0, max: 4 }).map((i) => ids[i]!),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.constantFrom(
      "",
      "%",
      "..",
      "%2e%2e",
      "%00",
      "null",
      "-1",
      "0",
      "9".repeat(400),
      "00000000-0000-0000-0000-000000000000",
      "' or 1=1 --",
    ),
  );

const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ minLength: 5000, maxLength: 20000 }),
);
const anyJson = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }),
);

/** Valid-looking bodies with fields swapped for wrong types or extreme values. */
const mutatedBody = fc.oneof(
  fc.record(
    {
      source: fc.oneof(fc.constantFrom("web", "call", "sms"), anyJson),
      phone: fc.oneof(fc.constant("+15125550123"), anyJson),
      name: anyJson,
      email: anyJson,
      facility_id: fc.oneof(idArb(), anyJson),
      desired_move_in_date: anyJson,
      score: anyJson,
      next_follow_up_at: anyJson,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      unit_type_id: fc.oneof(idArb(), anyJson),
      move_in_date: fc.oneof(fc.constantFrom(IN_30_DAYS, "2030-02-30", "0000-00-00", "2030-13-01"), anyJson),
      customer: fc.oneof(anyJson, fc.record({ phone: anyJson, email: anyJson, name: anyJson }, { requiredKeys: [] })),
      channel: anyJson,
      promotion_id: anyJson,
      unit_id: anyJson,
    },
    { requiredKeys: [] },
  ),
  fc.record(
    { status: fc.oneof(fc.constantFrom("lost", "new", "moved_in"), anyJson), lost_reason: anyJson, reason: anyJson },
    { requiredKeys: [] },
  ),
  // Knowledge base entries and closures, with their Spanish fields.
  fc.record(
    {
      facility_id: fc.oneof(idArb(), anyJson),
      kind: fc.oneof(fc.constantFrom("faq", "policy"), anyJson),
      question: fc.oneof(fc.constant("Do you sell boxes?"), anyJson),
      answer: fc.oneof(fc.constant("Yes."), anyJson),
      question_es: anyJson,
      answer_es: anyJson,
      tags: fc.oneof(fc.array(fc.string({ maxLength: 50 }), { maxLength: 25 }), anyJson),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      facility_id: fc.oneof(idArb(), anyJson),
      date: fc.oneof(fc.constantFrom(IN_30_DAYS, "2030-02-30", "0000-01-01", "9999-12-31"), anyJson),
      reason: anyJson,
      reason_es: anyJson,
    },
    { requiredKeys: [] },
  ),
);

const rawBody = fc.oneof(
  mutatedBody.map((b) => JSON.stringify(b)),
  anyJson.map((b) => JSON.stringify(b)),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom("{", "[", '{"source":', "\u0000", '{"a":1}{"b":2}', "null", "", '"\\ud800"', "1e999999"),
);

const paths = fc.oneof(
  fc.constantFrom(
    "/facilities",
    "/unit-types",
    "/units",
    "/customers",
    "/leads",
    "/reservations",
    "/calls",
    "/conversations",
    "/messages",
    "/knowledge-base-entries",
    "/closures",
    "/openapi.json",
    "/",
    "/leads/",
  ),
  fc
    .tuple(
      fc.constantFrom(
        "facilities",
        "unit-types",
        "units",
        "customers",
        "leads",
        "reservations",
        "calls",
        "conversations",
        "messages",
        "knowledge-base-entries",
        "closures",
      ),
      idArb(),
    )
    .map(([r, id]) => `/${r}/${encodeURIComponent(id)}`),
  idArb().map((id) => `/reservations/${encodeURIComponent(id)}/cancel`),
  fc.string({ maxLength: 60 }).map((s) => "/" + encodeURIComponent(s)),
);

/** Cursors shaped like /messages' (with a sequence number), valid and out of range. */
const SEQ_CURSORS = [1, -1, 1e10, 1.5, "2"].map((seq) =>
  Buffer.from(JSON.stringify({ t: "1700000000000000", i: "5b0c1a2e-8f3d-4c6b-9a7e-1d2c3b4a5f60", s: seq })).toString(
    "base64url",
  ),
);

const queryArb = fc.oneof(
  fc.constant(""),
  fc
    .dictionary(
      fc.oneof(
        fc.constantFrom(
          "limit",
          "cursor",
          "phone",
          "status",
          "facility_id",
          "updated_since",
          "created_since",
          "move_in_date",
          "email",
          "unit_type_id",
          "channel",
          "direction",
          "outcome",
          "lead_id",
          "conversation_id",
          "started_since",
          "kind",
          "from_date",
        ),
        fc.string({ maxLength: 10 }),
      ),
      fc.oneof(
        fc.string({ maxLength: 50 }),
        fc.integer().map(String),
        fc.base64String({ maxLength: 80 }),
        fc.constantFrom("-1", "1e3", "100", "0x10", "eyJ0IjoiMSIsImkiOiJ4In0", "9".repeat(300), ...SEQ_CURSORS),
      ),
      { maxKeys: 4 },
    )
    .map((q) => "?" + new URLSearchParams(q).toString()),
);

describe("fuzzing the public API", () => {
  it("no generated request gets a 5xx, and every answer matches the OpenAPI document", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE") as fc.Arbitrary<
          "GET" | "POST" | "PATCH" | "PUT" | "DELETE"
        >,
        paths,
        queryArb,
        rawBody,
        fc.constantFrom(
          "application/json",
          "application/json; charset=utf-8",
          "text/plain",
          "application/merge-patch+json",
          "",
        ),
        async (method, path, query, body, contentType) => {
          const res = await h.rawCall(method, path + query, {
            key,
            body: method === "GET" || method === "DELETE" ? undefined : body,
            headers: contentType ? { "content-type": contentType } : {},
          });
          expect(res.status, `${method} ${path}${query} ${body.slice(0, 80)}`).toBeLessThan(500);
          const text = await res.text();
          if (path === "/openapi.json" && method === "GET" && res.status === 200) return;
          h.expectMatchesOpenApi(method, path + query, {
            status: res.status,
            body: JSON.parse(text),
            contentType: res.headers.get("content-type") ?? "",
          });
        },
      ),
      { numRuns: 2000 },
    );
  }, 300_000);
});

describe("dates PostgreSQL cannot store", () => {
  it("year 0000 and a time past 9999 in UTC: a 400 naming the field, for reads and writes, and nothing is written", async () => {
    for (const path of [
      "/leads?updated_since=0000-01-01T00:00:00Z",
      "/reservations?move_in_date=0000-01-01",
      "/reservations?created_since=0000-01-01T00:00:00Z",
      "/calls?started_since=0000-01-01T00:00:00Z",
      "/leads?updated_since=9999-12-31T23:59:59-05:00",
    ]) {
      const res = await h.api(key, "GET", path);
      expect(res.status, path).toBe(400);
      expect(res.body.type, path).toMatch(/validation-error/);
    }
    const before = await h.api(key, "GET", "/leads?limit=100");
    const created = await h.api(key, "POST", "/leads", {
      source: "web",
      phone: "+15125550177",
      desired_move_in_date: "0000-01-01",
    });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toMatch(/desired_move_in_date/);
    const patched = await h.api(key, "PATCH", `/leads/${ids[2]}`, { next_follow_up_at: "9999-12-31T23:59:59-05:00" });
    expect(patched.status).toBe(400);
    expect(JSON.stringify(patched.body)).toMatch(/next_follow_up_at/);
    expect((await h.api(key, "GET", "/leads?limit=100")).body.data).toEqual(before.body.data);
    // The last moment PostgreSQL stores is still accepted.
    expect((await h.api(key, "GET", "/leads?updated_since=9999-12-31T23:59:59Z")).status).toBe(200);
  });
});
