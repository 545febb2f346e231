import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { addDays } from "@/lib/dates";
import { db, withOrg } from "@/server/db/client";
import { apiKey, reservation } from "@/server/db/schema";
import { localDate } from "@/server/domain/facilities/local-date";
import { updateFacility } from "@/server/domain/facilities/update-facility";

import { callerFor, type TestOrg } from "../factories";
import { ACTOR, seedFacility } from "../inventory/helpers";

import { api, expectMatchesOpenApi, newKey, rawCall, seedApiOrg } from "./helpers";

let org: TestOrg;
let key: string;
let keyId: string;
let facilityId: string;
let unitTypeId: string;

beforeAll(async () => {
  ({ org, key, keyId } = await seedApiOrg());
  const seeded = await seedFacility(org.id, { units: 3 });
  facilityId = seeded.facility.id;
  unitTypeId = seeded.unitType.id;
});

describe("authentication and scopes", () => {
  it("refuses a missing, malformed, unknown or revoked key with 401 problem+json", async () => {
    for (const k of [
      undefined,
      "nope",
      "sa_live_" + "x".repeat(43),
      key.slice(0, -1) + (key.endsWith("A") ? "B" : "A"),
    ]) {
      const r = await api(k, "GET", "/facilities");
      expect(r.status).toBe(401);
      expect(r.body.type).toBe("https://storage-agent.dev/problems/unauthorized");
      expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    const throwaway = await newKey(org, ["read"]);
    expect((await api(throwaway, "GET", "/facilities")).status).toBe(200);
    const [row] = await db
      .select()
      .from(apiKey)
      .where(eq(apiKey.prefix, throwaway.slice(0, 16)));
    await (await callerFor(org.owner)).apiKeys.revoke({ id: row!.id });
    expect((await api(throwaway, "GET", "/facilities")).status).toBe(401);
  });

  it("a read-only key can read but not write (403 insufficient-scope); a write-only key cannot read", async () => {
    const readOnly = await newKey(org, ["read"]);
    expect((await api(readOnly, "GET", "/leads")).status).toBe(200);
    const w = await api(readOnly, "POST", "/leads", { source: "web", phone: "+15125550100" });
    expect(w.status).toBe(403);
    expect(w.body.type).toBe("https://storage-agent.dev/problems/insufficient-scope");
    const writeOnly = await newKey(org, ["write"]);
    expect((await api(writeOnly, "GET", "/leads")).status).toBe(403);
  });

  it("records last use at most once a minute", async () => {
    await db.update(apiKey).set({ lastUsedAt: null }).where(eq(apiKey.id, keyId));
    await api(key, "GET", "/facilities");
    const [first] = await db.select().from(apiKey).where(eq(apiKey.id, keyId));
    expect(first!.lastUsedAt).toBeInstanceOf(Date);
    await api(key, "GET", "/facilities");
    const [second] = await db.select().from(apiKey).where(eq(apiKey.id, keyId));
    expect(second!.lastUsedAt!.getTime()).toBe(first!.lastUsedAt!.getTime());
  });

  it("stores only a hash: the key itself is nowhere in the row", async () => {
    const [row] = await db.select().from(apiKey).where(eq(apiKey.id, keyId));
    expect(JSON.stringify(row)).not.toContain(key.slice(16));
  });
});

describe("resources", () => {
  it("lists and gets facilities, unit types with rates and availability, and units", async () => {
    const facilities = await api(key, "GET", "/facilities");
    expect(facilities.status).toBe(200);
    expect(facilities.body.data!.map((f) => f.id)).toContain(facilityId);
    const one = await api(key, "GET", `/facilities/${facilityId}`);
    expect(one.body.id).toBe(facilityId);
    // The facility's "move-in without staff" setting (closed-day move-ins not flagged) is part of it.
    expect(one.body.move_in_without_staff).toBe(false);
    await withOrg(org.id, (tx) => updateFacility(tx, org.id, ACTOR, facilityId, { moveInWithoutStaff: true }));
    expect((await api(key, "GET", `/facilities/${facilityId}`)).body.move_in_without_staff).toBe(true);
    const listed = await api(key, "GET", "/facilities");
    expect(listed.body.data!.find((f) => f.id === facilityId)?.move_in_without_staff).toBe(true);
    await withOrg(org.id, (tx) => updateFacility(tx, org.id, ACTOR, facilityId, { moveInWithoutStaff: false }));

    const types = await api(key, "GET", `/unit-types?facility_id=${facilityId}`);
    const t = types.body.data![0] as {
      id: string;
      availability: { total_units: number; available_units: number };
      current_offer: { monthly_rate_cents: number };
      web_rate_cents: number;
    };
    expect(t.id).toBe(unitTypeId);
    expect(t.availability).toEqual({ total_units: 3, available_units: 3 });
    expect(t.current_offer.monthly_rate_cents).toBe(t.web_rate_cents);
    expect((await api(key, "GET", `/unit-types/${unitTypeId}`)).body.id).toBe(unitTypeId);

    const units = await api(key, "GET", `/units?unit_type_id=${unitTypeId}&status=available`);
    expect(units.body.data).toHaveLength(3);
    const unitId = units.body.data![0]!.id as string;
    expect((await api(key, "GET", `/units/${unitId}`)).body.number).toMatch(/^A\d$/);
  });

  it("creates a lead (201), merges the same person into it (200), filters by phone in any format, updates it", async () => {
    const created = await api(key, "POST", "/leads", {
      source: "web",
      name: "Dana Diaz",
      phone: "(512) 555-0142",
      facility_id: facilityId,
      notes: "wants 10x10",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      phone: "+15125550142",
      name: "Dana Diaz",
      status: "new",
      source: "web",
      facility_id: facilityId,
    });
    const merged = await api(key, "POST", "/leads", {
      source: "call",
      phone: "+1 512 555 0142",
      email: "DANA@example.test",
      notes: "called back",
    });
    expect(merged.status).toBe(200);
    expect(merged.body.id).toBe(created.body.id);
    expect(merged.body.email).toBe("dana@example.test");
    expect(merged.body.notes).toBe("wants 10x10\ncalled back");

    const found = await api(key, "GET", `/leads?phone=${encodeURIComponent("512-555-0142")}`);
    expect(found.body.data!.map((l) => l.id)).toEqual([created.body.id]);
    expect((await api(key, "GET", "/leads?phone=12")).status).toBe(400);

    const lost = await api(key, "PATCH", `/leads/${created.body.id}`, { status: "lost" });
    expect(lost.status).toBe(400);
    const updated = await api(key, "PATCH", `/leads/${created.body.id}`, {
      status: "contacted",
      score: 80,
      desired_width: 10,
      desired_length: 10,
    });
    expect(updated.body).toMatchObject({ status: "contacted", score: 80, desired_width: 10 });
    expect(
      (await api(key, "GET", `/leads?status=contacted&facility_id=${facilityId}`)).body.data!.map((l) => l.id),
    ).toContain(created.body.id);
  });

  it("refuses a lead without phone or e-mail and a body with unknown fields", async () => {
    const none = await api(key, "POST", "/leads", { source: "web", name: "No Contact" });
    expect(none.status).toBe(400);
    const extra = await api(key, "POST", "/leads", { source: "web", phone: "+15125550199", favourite_colour: "blue" });
    expect(extra.status).toBe(400);
    expect(extra.body.errors).toEqual([{ location: "body", path: "", message: "Unknown field: favourite_colour." }]);
    // Each error a sentence naming its field (zod's own read "Too big: expected string to have <=254 characters").
    const long = await api(key, "POST", "/leads", { source: "web", phone: "+15125550199", email: "x".repeat(300) });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([
      { location: "body", path: "email", message: "Email must be at most 254 characters." },
    ]);
  });

  it("reserves through the domain service, lists today's reservations, cancels, and answers 409 when sold out", async () => {
    const moveIn = localDate("America/Chicago");
    const made = [];
    for (let i = 0; i < 3; i++) {
      const r = await api(key, "POST", "/reservations", {
        unit_type_id: unitTypeId,
        move_in_date: moveIn,
        customer: { name: `Renter ${i}`, phone: `+1512555020${i}` },
      });
      expect(r.status).toBe(201);
      made.push(r.body);
    }
    expect(new Set(made.map((r) => r.unit_number)).size).toBe(3);
    expect(made[0]).toMatchObject({
      status: "active",
      facility_id: facilityId,
      move_in_date: moveIn,
      monthly_rate_cents: 10_000,
      unit_type: { id: unitTypeId, width: 10, length: 10 },
      customer: { phone: "+15125550200" },
    });
    expect(made[0]!.confirmation_code).toMatch(/^[A-Z2-9]{6}$/);
    expect(made[0]!.lead_id).toEqual(expect.any(String));

    const soldOut = await api(key, "POST", "/reservations", {
      unit_type_id: unitTypeId,
      move_in_date: moveIn,
      customer: { phone: "+15125550299" },
    });
    expect(soldOut.status).toBe(409);
    expect(soldOut.body.type).toBe("https://storage-agent.dev/problems/conflict");
    expect((await api(key, "GET", `/unit-types/${unitTypeId}`)).body.availability).toEqual({
      total_units: 3,
      available_units: 0,
    });

    const today = await api(key, "GET", `/reservations?move_in_date=${moveIn}&facility_id=${facilityId}`);
    expect(today.body.data!.map((r) => r.id).sort()).toEqual(made.map((r) => r.id).sort());
    const byPhone = await api(key, "GET", `/reservations?phone=5125550201`);
    expect(byPhone.body.data!.map((r) => r.id)).toEqual([made[1]!.id]);

    const cancelled = await api(key, "POST", `/reservations/${made[0]!.id}/cancel`, { reason: "changed plans" });
    expect(cancelled.body).toMatchObject({ status: "cancelled", cancelled_reason: "changed plans" });
    expect((await api(key, "POST", `/reservations/${made[0]!.id}/cancel`, {})).status).toBe(409);
    expect((await api(key, "GET", `/reservations/${made[0]!.id}`)).body.status).toBe("cancelled");
    expect((await api(key, "GET", `/unit-types/${unitTypeId}`)).body.availability).toEqual({
      total_units: 3,
      available_units: 1,
    });
  });
});

describe("pagination and filters", () => {
  it("pages through every row exactly once with opaque cursors", async () => {
    const { key: k, org: o } = await seedApiOrg();
    for (let i = 0; i < 7; i++)
      expect((await api(k, "POST", "/leads", { source: "sms", phone: `+1512555031${i}` })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null | undefined = undefined;
    let pages = 0;
    do {
      const r: Awaited<ReturnType<typeof api>> = await api(
        k,
        "GET",
        `/leads?limit=3${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...r.body.data!.map((l) => l.id as string));
      cursor = r.body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    // Newest first.
    const all = await api(k, "GET", "/leads?limit=100");
    expect(all.body.data!.map((l) => l.id)).toEqual(seen);
    expect(all.body.next_cursor).toBeNull();
    void o;
  });

  it("filters by updated_since and rejects bad limits, cursors and unknown parameters", async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await api(key, "GET", `/leads?updated_since=${encodeURIComponent(future)}`)).body.data).toEqual([]);
    for (const q of [
      "limit=0",
      "limit=101",
      "limit=abc",
      "cursor=%%%",
      "cursor=eyJ0IjoxfQ",
      "status=bogus",
      "facility_id=nope",
      "colour=blue",
      "limit=1&limit=2",
      "updated_since=yesterday",
    ]) {
      const r = await api(key, "GET", `/leads?${q}`);
      expect(r.status, q).toBe(400);
    }
  });
});

describe("errors", () => {
  it("answers problem+json for unknown paths, wrong methods, bad JSON, wrong media type and malformed ids", async () => {
    expect((await api(key, "GET", "/nothing-here")).status).toBe(404);
    const wrong = await api(key, "DELETE", "/leads");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toContain("GET");
    expect((await api(key, "GET", "/leads/not-a-uuid")).status).toBe(404);
    expect((await api(key, "GET", "/leads/00000000-0000-4000-8000-000000000000")).status).toBe(404);

    const badJson = await rawCall("POST", "/leads", {
      key,
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { type: string }).type).toBe("https://storage-agent.dev/problems/invalid-json");
    const text = await rawCall("POST", "/leads", {
      key,
      body: "source=web",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(text.status).toBe(415);
    const huge = await rawCall("POST", "/leads", {
      key,
      body: JSON.stringify({ source: "web", notes: "x".repeat(300_000) }),
      headers: { "content-type": "application/json" },
    });
    expect(huge.status).toBe(413);
  });

  it("serves the OpenAPI document without a key", async () => {
    const res = await rawCall("GET", "/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      webhooks: Record<string, { post: { requestBody: { content: Record<string, unknown> } } }>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/reservations",
        "/reservations/{id}/cancel",
        "/leads/{id}",
        "/calls",
        "/calls/{id}",
        "/conversations/{id}",
        "/messages",
        "/messages/{id}",
        "/payments",
        "/customers/{id}/balance",
        "/payment-links",
        "/payments/{id}/refunds",
      ]),
    );
    // Eight events, and payment.succeeded / failed / refunded / disputed (issue 16).
    expect(Object.keys(doc.webhooks)).toHaveLength(12);
    expect(Object.keys(doc.webhooks)).toEqual(
      expect.arrayContaining(["payment.succeeded", "payment.failed", "payment.refunded", "payment.disputed"]),
    );
    // A payment event's `data` is named: the Payment, and for a dispute the Payment with its dispute.
    const bodyOf = (type: string) => JSON.stringify(doc.webhooks[type]!.post.requestBody.content["application/json"]);
    expect(bodyOf("payment.refunded")).toContain('#/components/schemas/Payment"');
    expect(bodyOf("payment.disputed")).toContain("#/components/schemas/DisputedPayment");
    expect(doc.components.schemas.DisputedPayment!.properties!.dispute).toBeDefined();
  });

  it("refuses a move-in date that has passed at the facility, naming the field, and books nothing", async () => {
    const before = await withOrg(org.id, (tx) =>
      tx.select().from(reservation).where(eq(reservation.organizationId, org.id)),
    );
    const r = await api(key, "POST", "/reservations", {
      unit_type_id: unitTypeId,
      move_in_date: "2020-01-01",
      customer: { phone: "+15125550398" },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      type: "https://storage-agent.dev/problems/validation-error",
      errors: [{ location: "body", path: "move_in_date" }],
    });
    expect((r.body as { detail: string }).detail).toMatch(/has passed/);
    const after = await withOrg(org.id, (tx) =>
      tx.select().from(reservation).where(eq(reservation.organizationId, org.id)),
    );
    expect(after.length).toBe(before.length);
  });

  it("refuses a move-in date more than a year ahead at the facility (9999-12-31, the day after the last), naming the field, and books nothing", async () => {
    const count = async () =>
      (await withOrg(org.id, (tx) => tx.select().from(reservation).where(eq(reservation.organizationId, org.id))))
        .length;
    const before = await count();
    const last = addDays(localDate("America/Chicago"), 365);
    for (const [i, moveIn] of ["9999-12-31", addDays(last, 1)].entries()) {
      const phone = `+1512555039${i}`;
      const r = await api(key, "POST", "/reservations", {
        unit_type_id: unitTypeId,
        move_in_date: moveIn,
        customer: { phone },
      });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({
        type: "https://storage-agent.dev/problems/validation-error",
        errors: [{ location: "body", path: "move_in_date" }],
      });
      expect((r.body as { detail: string }).detail).toContain("Move-in date must be within 365 days");
      // Nobody was captured either: the refusal comes before the booking writes its customer and lead.
      expect((await api(key, "GET", `/customers?phone=${encodeURIComponent(phone)}`)).body.data).toEqual([]);
    }
    expect(await count()).toBe(before);
  });

  it("a rejected write changes nothing", async () => {
    const before = await withOrg(org.id, (tx) =>
      tx.select().from(reservation).where(eq(reservation.organizationId, org.id)),
    );
    const r = await api(key, "POST", "/reservations", {
      unit_type_id: unitTypeId,
      move_in_date: "2030-02-30",
      customer: { phone: "+15125550399" },
    });
    expect(r.status).toBe(400);
    const after = await withOrg(org.id, (tx) =>
      tx.select().from(reservation).where(eq(reservation.organizationId, org.id)),
    );
    expect(after.length).toBe(before.length);
  });
});

describe("the OpenAPI validator used above", () => {
  it("rejects a response that breaks its documented schema", () => {
    const lead = { id: "5b0c1a2e-8f3d-4c6b-9a7e-1d2c3b4a5f60", status: "new" };
    expect(() =>
      expectMatchesOpenApi("GET", `/leads/${lead.id}`, { status: 200, body: lead, contentType: "application/json" }),
    ).toThrow();
    expect(() =>
      expectMatchesOpenApi("GET", "/leads", {
        status: 404,
        body: { type: "x" },
        contentType: "application/problem+json",
      }),
    ).toThrow();
  });
});
