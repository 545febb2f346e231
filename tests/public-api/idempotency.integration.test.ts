import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { apiIdempotencyKey } from "@/server/db/schema";
import { localDate } from "@/server/domain/facilities/local-date";
import { pruneStaleRows } from "@/server/housekeeping";

import { unique, type TestOrg } from "../factories";
import { seedFacility } from "../inventory/helpers";

import { api, expectMatchesOpenApi, newKey, rawCall, seedApiOrg, type ApiResult } from "./helpers";

/** POST with an Idempotency-Key, checked against the OpenAPI document like every other call. */
async function post(key: string, path: string, body: unknown, idempotencyKey?: string, raw?: string) {
  const res = await rawCall("POST", path, {
    key,
    body: raw ?? JSON.stringify(body),
    headers: {
      "content-type": "application/json",
      ...(idempotencyKey === undefined ? {} : { "idempotency-key": idempotencyKey }),
    },
  });
  const text = await res.text();
  const result: ApiResult = {
    status: res.status,
    headers: res.headers,
    body: text ? JSON.parse(text) : {},
    contentType: res.headers.get("content-type") ?? "",
  };
  expectMatchesOpenApi("POST", path, result);
  return result;
}

let org: TestOrg;
let key: string;
let unitTypeId: string;
const moveIn = localDate("America/Chicago");

async function reservationsOf(phone: string) {
  return withOrg(org.id, (tx) =>
    tx.execute<{ id: string }>(
      sql`select r.id from reservation r join customer c on c.id = r.customer_id where c.phone = ${phone}`,
    ),
  ).then((r) => r.rows.map((x) => x.id));
}

beforeAll(async () => {
  ({ org, key } = await seedApiOrg());
  unitTypeId = (await seedFacility(org.id, { units: 30 })).unitType.id;
});

describe("Idempotency-Key on POST /reservations and /leads", () => {
  it("replays the first answer for the same key and body (in any key order), booking once", async () => {
    const phone = "+15125550401";
    const body = { unit_type_id: unitTypeId, move_in_date: moveIn, customer: { name: "Ida Retry", phone } };
    const k = unique("idem");
    const first = await post(key, "/reservations", body, k);
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    const again = await post(key, "/reservations", body, k);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);

    const reordered = `{"customer":{"phone":"${phone}","name":"Ida Retry"},"move_in_date":"${moveIn}","unit_type_id":"${unitTypeId}"}`;
    const third = await post(key, "/reservations", undefined, k, reordered);
    expect(third.status).toBe(201);
    expect(third.body.id).toBe(first.body.id);

    expect(await reservationsOf(phone)).toEqual([first.body.id]);
  });

  it("without a key, the same request books twice (what the header is for)", async () => {
    const phone = "+15125550402";
    const body = { unit_type_id: unitTypeId, move_in_date: moveIn, customer: { phone } };
    expect((await post(key, "/reservations", body)).status).toBe(201);
    expect((await post(key, "/reservations", body)).status).toBe(201);
    expect(await reservationsOf(phone)).toHaveLength(2);
  });

  it("refuses the same key with a different body (422) and changes nothing", async () => {
    const k = unique("idem");
    const first = await post(
      key,
      "/reservations",
      {
        unit_type_id: unitTypeId,
        move_in_date: moveIn,
        customer: { phone: "+15125550403" },
      },
      k,
    );
    expect(first.status).toBe(201);
    const other = await post(
      key,
      "/reservations",
      {
        unit_type_id: unitTypeId,
        move_in_date: moveIn,
        customer: { phone: "+15125550404" },
      },
      k,
    );
    expect(other.status).toBe(422);
    expect(other.body.type).toBe("https://storage-agent.dev/problems/idempotency-key-reused");
    expect(await reservationsOf("+15125550404")).toEqual([]);
    // The same key on the other endpoint is a different request too.
    const lead = await post(key, "/leads", { source: "web", phone: "+15125550404" }, k);
    expect(lead.status).toBe(422);
  });

  it("runs concurrent duplicates once: every one gets the same reservation", async () => {
    const phone = "+15125550405";
    const k = unique("idem");
    const body = { unit_type_id: unitTypeId, move_in_date: moveIn, customer: { phone } };
    const results = await Promise.all(Array.from({ length: 8 }, () => post(key, "/reservations", body, k)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(7);
    expect(await reservationsOf(phone)).toEqual([results[0]!.body.id]);
  });

  it("replays a lead's 201 instead of answering a merge's 200", async () => {
    const k = unique("idem");
    const body = { source: "web", name: "Lee Retry", phone: "+15125550406", notes: "wants a 10x10" };
    const first = await post(key, "/leads", body, k);
    expect(first.status).toBe(201);
    const again = await post(key, "/leads", body, k);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    // Without the key the retry merges, appending the notes a second time.
    expect((await api(key, "POST", "/leads", body)).status).toBe(200);
  });

  it("is scoped to the API key (and so the organization)", async () => {
    const k = unique("idem");
    const phone = "+15125550407";
    const body = { unit_type_id: unitTypeId, move_in_date: moveIn, customer: { phone } };
    const first = await post(key, "/reservations", body, k);
    const second = await post(await newKey(org, ["read", "write"]), "/reservations", body, k);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBeNull();
    expect(second.body.id).not.toBe(first.body.id);

    const other = await seedApiOrg();
    const otherType = (await seedFacility(other.org.id, { units: 1 })).unitType.id;
    const foreign = await post(
      other.key,
      "/reservations",
      { unit_type_id: otherType, move_in_date: moveIn, customer: { phone } },
      k,
    );
    expect(foreign.status).toBe(201);
    expect(foreign.headers.get("idempotent-replayed")).toBeNull();
  });

  it("stores no error answer: a retry after a 409 runs again", async () => {
    const single = (await seedFacility(org.id, { units: 1 })).unitType.id;
    const taken = await api(key, "POST", "/reservations", {
      unit_type_id: single,
      move_in_date: moveIn,
      customer: { phone: "+15125550408" },
    });
    expect(taken.status).toBe(201);
    const k = unique("idem");
    const body = { unit_type_id: single, move_in_date: moveIn, customer: { phone: "+15125550409" } };
    expect((await post(key, "/reservations", body, k)).status).toBe(409);
    expect((await api(key, "POST", `/reservations/${taken.body.id as string}/cancel`, {})).status).toBe(200);
    const retry = await post(key, "/reservations", body, k);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
  });

  it("forgets a key once it expires, and housekeeping deletes it", async () => {
    const k = unique("idem");
    const phone = "+15125550410";
    const body = { unit_type_id: unitTypeId, move_in_date: moveIn, customer: { phone } };
    expect((await post(key, "/reservations", body, k)).status).toBe(201);
    const [row] = await db.select().from(apiIdempotencyKey).where(eq(apiIdempotencyKey.key, k));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(24 * 3_600_000);
    expect(row!.responseStatus).toBe(201);

    await db
      .update(apiIdempotencyKey)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiIdempotencyKey.key, k));
    const after = await post(key, "/reservations", body, k);
    expect(after.status).toBe(201);
    expect(after.headers.get("idempotent-replayed")).toBeNull();
    expect(await reservationsOf(phone)).toHaveLength(2);

    await db
      .update(apiIdempotencyKey)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiIdempotencyKey.key, k));
    expect((await pruneStaleRows()).apiIdempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(await db.select().from(apiIdempotencyKey).where(eq(apiIdempotencyKey.key, k))).toEqual([]);
  });

  it("refuses a malformed key with 400 before doing anything", async () => {
    for (const bad of ["x".repeat(256), "has space", "tab\there", "é"]) {
      const phone = "+15125550411";
      const r = await post(
        key,
        "/reservations",
        { unit_type_id: unitTypeId, move_in_date: moveIn, customer: { phone } },
        bad,
      );
      expect(r.status, bad).toBe(400);
      expect(r.body.type).toBe("https://storage-agent.dev/problems/validation-error");
    }
    expect(await reservationsOf("+15125550411")).toEqual([]);
  });
});
