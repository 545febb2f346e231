import { randomUUID } from "node:crypto";

import { beforeAll, describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { withOrg } from "@/server/db/client";
import { updateFacility } from "@/server/domain/facilities/update-facility";

import { OPEN_NOW, seedAgentFacility } from "../agent/seed";
import { daysFromToday, type TestOrg } from "../factories";
import { api, newKey, seedApiOrg } from "../public-api/helpers";
import { randomUsNumber } from "../twilio-webhooks";

import { gql, rawGql, type GqlResult } from "./helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyData = Record<string, any>;

/**
 * The GraphQL API over the REST API's operations: same keys and scopes, same filters and rules, same
 * answers, typed errors for mutations, and nothing of another organization's.
 */
let org: TestOrg;
let key: string;
let other: { org: TestOrg; key: string };
let facilityId: string;
let unitTypeId: string;
let conversationId: string;
const phone = randomUsNumber(512);
/** Move-in dates inside the booking window (a year), whenever the tests run. */
const IN_60_DAYS = daysFromToday(60);
const IN_67_DAYS = daysFromToday(67);
const IN_68_DAYS = daysFromToday(68);
const IN_90_DAYS = daysFromToday(90);

beforeAll(async () => {
  ({ org, key } = await seedApiOrg());
  other = await seedApiOrg();
  const seeded = await seedAgentFacility(org.id);
  facilityId = seeded.facility.id;
  const types = await api(key, "GET", `/unit-types?facility_id=${facilityId}`);
  unitTypeId = (types.body.data!.find((t) => (t.availability as { available_units: number }).available_units > 0)!
    .id as string)!;
  const start = await startConversation({
    organizationId: org.id,
    channel: "voice",
    facilityId,
    fromAddress: phone,
    toAddress: "+15125550100",
    greet: true,
    now: OPEN_NOW,
  });
  conversationId = start.conversationId;
  await respond({
    organizationId: org.id,
    conversationId,
    text: "how much is a ten by ten",
    now: OPEN_NOW,
    brain: "default",
    idempotencyKey: `${conversationId}:0`,
  });
});

describe("authentication, scopes and limits", () => {
  it("answers 401 without a valid key and 403 when the key lacks the scope", async () => {
    const none = await gql(undefined, "{ facilities { nodes { id } } }");
    expect(none.status).toBe(401);
    expect(none.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const bad = await gql("sa_live_" + "x".repeat(43), "{ facilities { nodes { id } } }");
    expect(bad.status).toBe(401);

    const readOnly = await newKey(org, ["read"]);
    expect((await gql(readOnly, "{ facilities { nodes { id } } }")).status).toBe(200);
    const write = await gql(
      readOnly,
      `mutation { createLead(input: { source: WEB, phone: "+15125550111" }) { __typename } }`,
    );
    expect(write.status).toBe(403);
    expect(write.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const writeOnly = await newKey(org, ["write"]);
    expect((await gql(writeOnly, "{ facilities { nodes { id } } }")).status).toBe(403);
  });

  it("counts every request against the key's REST rate limit and says so in the headers", async () => {
    const r = await gql(key, "{ facilities { nodes { id } } }");
    expect(r.headers.get("ratelimit")).toMatch(/^"per-key";r=\d+;t=\d+$/);
    expect(r.headers.get("ratelimit-policy")).toMatch(/q=\d+;w=60/);
  });

  it("refuses deep, costly, alias-bombed, oversized and malformed documents with clear errors, never a 5xx", async () => {
    const deep = `{ leads { nodes { ${"customer { lastConversation { lead { ".repeat(8)} id ${"} } }".repeat(8)} } } }`;
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: facilities { nodes { id } }`).join(" ")} }`;
    const tokens = `{ facilities { nodes { ${"id ".repeat(5000)} } } }`;
    for (const q of [
      deep,
      aliases,
      tokens,
      "{ facilities { ",
      "query { nope }",
      "{ leads(first: 1000) { nodes { id } } }",
    ]) {
      const r = await gql(key, q);
      expect(r.status, q.slice(0, 60)).toBeLessThan(500);
      expect(r.body.errors?.length, q.slice(0, 60)).toBeGreaterThan(0);
      expect(r.body.data ?? null).toBeNull();
    }
    const huge = await gql(key, "query($x: String) { facilities { nodes { id } } }", { x: "y".repeat(300_000) });
    expect(huge.status).toBe(413);
    const page = await gql(key, "{ leads(first: 101) { nodes { id } } }");
    expect(page.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(JSON.stringify(page.body.errors?.[0]?.extensions?.fields)).toContain("first");
  });
});

describe("queries", () => {
  it("facilities and unit types answer what REST answers, price and availability from the same engine", async () => {
    const r = await gql(
      key,
      `query($f: ID) { facilities { nodes { id name timeZone address { city } officeHours { day ranges { open close } } moveInWithoutStaff } }
        unitTypes(facilityId: $f) { edges { cursor node { id name width length webRateCents facility { id }
          availability { totalUnits availableUnits } currentOffer { monthlyRateCents dueAtMoveInCents promotion { name } }
          units { number status } } } pageInfo { hasNextPage endCursor } } }`,
      { f: facilityId },
    );
    expect(r.body.errors).toBeUndefined();
    const rest = await api(key, "GET", `/unit-types/${unitTypeId}`);
    const node = r.body.data!.unitTypes.edges.find((e: { node: { id: string } }) => e.node.id === unitTypeId).node;
    const offer = rest.body.current_offer as Record<string, unknown>;
    expect(node.currentOffer.monthlyRateCents).toBe(offer.monthly_rate_cents);
    expect(node.currentOffer.dueAtMoveInCents).toBe(offer.due_at_move_in_cents);
    expect(node.availability.availableUnits).toBe(
      (rest.body.availability as { available_units: number }).available_units,
    );
    expect(node.facility.id).toBe(facilityId);
    expect(r.body.data!.facilities.nodes.map((f: { id: string }) => f.id)).toEqual([facilityId]);
    const restFacility = await api(key, "GET", `/facilities/${facilityId}`);
    expect(r.body.data!.facilities.nodes[0].moveInWithoutStaff).toBe(restFacility.body.move_in_without_staff);
    expect(r.body.data!.facilities.nodes[0].moveInWithoutStaff).toBe(false);
    await withOrg(org.id, (tx) =>
      updateFacility(tx, org.id, { label: "test" }, facilityId, { moveInWithoutStaff: true }),
    );
    const one = await gql(key, "query($id: ID!) { facility(id: $id) { moveInWithoutStaff } }", { id: facilityId });
    await withOrg(org.id, (tx) =>
      updateFacility(tx, org.id, { label: "test" }, facilityId, { moveInWithoutStaff: false }),
    );
    expect(one.body.data!.facility.moveInWithoutStaff).toBe(true);
  });

  it("pages leads with Relay cursors that continue exactly where the page ended", async () => {
    for (let i = 0; i < 5; i++)
      await api(key, "POST", "/leads", { source: "web", name: `Pager ${i}`, phone: randomUsNumber(737) });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: GqlResult<AnyData> = await gql(
        key,
        "query($after: String) { leads(first: 2, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor hasPreviousPage } } }",
        { after },
      );
      const conn = r.body.data!.leads;
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    const rest = await api(key, "GET", "/leads?limit=100");
    expect(seen).toEqual(rest.body.data!.map((l) => l.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("conversations carry their transcript without gate codes; filters are REST's", async () => {
    const r = await gql(
      key,
      `query($p: String) { calls(phone: $p) { nodes { id channel from transcript { role text } facility { id } } }
        conversation(id: "${conversationId}") { id turnCount transcript { role text } } }`,
      { p: phone },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.calls.nodes.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const rest = await api(key, "GET", `/calls/${conversationId}`);
    expect(r.body.data!.conversation.transcript.map((t: { text: string }) => t.text)).toEqual(
      (rest.body.transcript as { text: string }[]).map((t) => t.text),
    );
    const invalid = await gql(key, `{ calls(phone: "not a phone") { nodes { id } } }`);
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    // A NUL in a filter was an internal error (PostgreSQL refuses it in text); like REST, it is refused.
    for (const q of [
      `{ customers(email: "a\\u0000b@example.com") { nodes { id } } }`,
      `{ calls(phone: "555\\u0007") { nodes { id } } }`,
    ]) {
      const nul = await gql(key, q);
      expect(nul.status, q).toBeLessThan(500);
      expect(nul.body.errors?.[0]?.extensions?.code, q).toBe("BAD_USER_INPUT");
      expect(nul.body.errors?.[0]?.message, q).toMatch(/control characters/);
    }
  });
});

describe("mutations", () => {
  it("createLead merges the same person; updateLead answers typed validation errors", async () => {
    const p = randomUsNumber(214);
    const m = `mutation($i: CreateLeadInput!) { createLead(input: $i) { __typename ... on CreateLeadSuccess { lead { id name phone status customer { id phone } } } ... on ValidationError { message fields { path message } } } }`;
    const first = await gql(key, m, { i: { source: "WEB", name: "Ada Park", phone: p } });
    expect(first.body.data!.createLead.__typename).toBe("CreateLeadSuccess");
    const second = await gql(key, m, { i: { source: "CALL", phone: p, notes: "called back" } });
    expect(second.body.data!.createLead.lead.id).toBe(first.body.data!.createLead.lead.id);
    const bad = await gql(key, m, { i: { source: "WEB", name: "No contact" } });
    expect(bad.body.data!.createLead.__typename).toBe("ValidationError");

    const lost = await gql(
      key,
      `mutation($id: ID!) { updateLead(id: $id, input: { status: LOST }) { __typename ... on ValidationError { fields { path } } } }`,
      { id: first.body.data!.createLead.lead.id },
    );
    expect(lost.body.data!.updateLead.__typename).toBe("ValidationError");
    const ok = await gql(
      key,
      `mutation($id: ID!) { updateLead(id: $id, input: { status: LOST, lostReason: "Found a garage" }) { ... on UpdateLeadSuccess { lead { status lostReason } } } }`,
      { id: first.body.data!.createLead.lead.id },
    );
    expect(ok.body.data!.updateLead.lead).toEqual({ status: "LOST", lostReason: "Found a garage" });
  });

  it("books, refuses a taken unit with UnitUnavailable, cancels once and then answers Conflict", async () => {
    const book = `mutation($i: CreateReservationInput!) { createReservation(input: $i) { __typename
      ... on CreateReservationSuccess { reservation { id status confirmationCode unit { id number } customer { phone } unitType { id } } }
      ... on UnitUnavailable { message } ... on ValidationError { message fields { path message } } } }`;
    const moveInDate = IN_60_DAYS;
    const first = await gql(key, book, {
      i: { unitTypeId, moveInDate, customer: { name: "Bo Diaz", phone: randomUsNumber(512) } },
    });
    expect(first.body.data!.createReservation.__typename).toBe("CreateReservationSuccess");
    const reservation = first.body.data!.createReservation.reservation;
    expect(reservation.status).toBe("ACTIVE");
    const taken = await gql(key, book, {
      i: { unitTypeId, unitId: reservation.unit.id, moveInDate, customer: { phone: randomUsNumber(512) } },
    });
    expect(taken.body.data!.createReservation.__typename).toBe("UnitUnavailable");
    const invalid = await gql(key, book, {
      i: { unitTypeId, moveInDate: "2020-01-01", customer: { phone: randomUsNumber(512) } },
    });
    expect(invalid.body.data!.createReservation.__typename).toBe("ValidationError");
    // More than a year ahead: a ValidationError naming the field, as REST's 400; nothing is booked.
    const far = await gql(key, book, {
      i: { unitTypeId, moveInDate: "9999-12-31", customer: { phone: randomUsNumber(512) } },
    });
    expect(far.body.data!.createReservation).toMatchObject({
      __typename: "ValidationError",
      message: expect.stringContaining("Move-in date must be within 365 days"),
      fields: [{ path: expect.stringMatching(/move_?in_?date/i) }],
    });

    const cancel = `mutation($id: ID!) { cancelReservation(id: $id, reason: "plans changed") { __typename ... on CancelReservationSuccess { reservation { status cancelledReason } } } }`;
    const c1 = await gql(key, cancel, { id: reservation.id });
    expect(c1.body.data!.cancelReservation.reservation).toEqual({
      status: "CANCELLED",
      cancelledReason: "plans changed",
    });
    expect((await gql(key, cancel, { id: reservation.id })).body.data!.cancelReservation.__typename).toBe("Conflict");
    const rest = await api(key, "GET", `/reservations/${reservation.id}`);
    expect(rest.body.status).toBe("cancelled");
  });

  it("an expected failure rolls back only its own mutation", async () => {
    const p = randomUsNumber(972);
    const r = await gql(
      key,
      `mutation($p: String) { a: createLead(input: { source: WEB, name: "Kept", phone: $p }) { __typename }
        b: updateLead(id: "00000000-0000-4000-8000-000000000000", input: { score: 5 }) { __typename } }`,
      { p },
    );
    expect(r.body.data).toEqual({ a: { __typename: "CreateLeadSuccess" }, b: { __typename: "NotFound" } });
    expect((await api(key, "GET", `/leads?phone=${encodeURIComponent(p)}`)).body.data).toHaveLength(1);
  });
});

describe("Idempotency-Key on mutations", () => {
  it("replays the first answer for the same key and request, refuses the key for another request", async () => {
    const book = `mutation($i: CreateReservationInput!) { createReservation(input: $i) { __typename
      ... on CreateReservationSuccess { reservation { id confirmationCode } } } }`;
    const customerPhone = randomUsNumber(512);
    const input = { unitTypeId, moveInDate: IN_67_DAYS, customer: { name: "Ida Empotent", phone: customerPhone } };
    const idempotencyKey = `gql-${randomUUID()}`;
    const send = async (
      i: unknown,
      headers: Record<string, string> = { "idempotency-key": idempotencyKey },
      query = book,
    ) => {
      const res = await rawGql(JSON.stringify({ query, variables: { i } }), key, headers);
      return {
        replayed: res.headers.get("idempotent-replayed"),
        body: (await res.json()) as GqlResult<AnyData>["body"],
      };
    };

    const first = await send(input);
    expect(first.body.data!.createReservation.__typename).toBe("CreateReservationSuccess");
    expect(first.replayed).toBeNull();
    // The same document written differently and the same variables: the same request.
    const again = await send(input, undefined, book.replace(/\s+/g, "  "));
    expect(again.body).toEqual(first.body);
    expect(again.replayed).toBe("true");
    const booked = await api(key, "GET", `/reservations?phone=${encodeURIComponent(customerPhone)}`);
    expect(booked.body.data).toHaveLength(1);

    const other = await send({ ...input, moveInDate: IN_68_DAYS });
    expect(other.body.errors![0]!.extensions!.code).toBe("IDEMPOTENCY_KEY_REUSED");
    const malformed = await send(input, { "idempotency-key": "two words" });
    expect(malformed.body.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    expect((await api(key, "GET", `/reservations?phone=${encodeURIComponent(customerPhone)}`)).body.data).toHaveLength(
      1,
    );

    // Without a key the same request is a second booking, as in REST.
    const unkeyed = await send(input, {});
    expect(unkeyed.body.data!.createReservation.__typename).toBe("CreateReservationSuccess");
    expect(unkeyed.body.data!.createReservation.reservation.id).not.toBe(
      first.body.data!.createReservation.reservation.id,
    );
  });
});

describe("tenant isolation", () => {
  it("another organization's ids return null or NotFound, never data", async () => {
    const lead = await api(key, "POST", "/leads", { source: "web", name: "Private", phone: randomUsNumber(469) });
    const leadId = lead.body.id as string;
    const r = await gql(
      other.key,
      `{ lead(id: "${leadId}") { id } facility(id: "${facilityId}") { id } unitType(id: "${unitTypeId}") { id }
         conversation(id: "${conversationId}") { id } customer(id: "${lead.body.customer_id}") { id } leads { nodes { id } } calls { nodes { id } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toMatchObject({
      lead: null,
      facility: null,
      unitType: null,
      conversation: null,
      customer: null,
    });
    expect(r.body.data!.leads.nodes).toEqual([]);
    expect(r.body.data!.calls.nodes).toEqual([]);
    const update = await gql(
      other.key,
      `mutation { updateLead(id: "${leadId}", input: { score: 99 }) { __typename } cancelReservation(id: "${leadId}") { __typename } }`,
    );
    expect(update.body.data).toEqual({
      updateLead: { __typename: "NotFound" },
      cancelReservation: { __typename: "NotFound" },
    });
    const book = await gql(
      other.key,
      `mutation { createReservation(input: { unitTypeId: "${unitTypeId}", moveInDate: "${IN_60_DAYS}", customer: { phone: "+15125550199" } }) { __typename } }`,
    );
    // REST answers 404 to the same request.
    expect(book.body.data!.createReservation.__typename).toBe("NotFound");
  });
});

describe("every list and lookup", () => {
  it("units, customers, reservations, conversations and messages: connections, lookups by id and REST's filters", async () => {
    const phone2 = randomUsNumber(512);
    const booked = await api(key, "POST", "/reservations", {
      unit_type_id: unitTypeId,
      move_in_date: IN_90_DAYS,
      customer: { name: "Cy Lee", phone: phone2 },
    });
    expect(booked.status).toBe(201);
    const r = await gql(
      key,
      `query($ut: ID, $p: String, $c: ID!, $u: ID!, $res: ID!) {
        units(unitTypeId: $ut, first: 100) { nodes { id number status unitType { id } facility { id } } }
        unit(id: $u) { id number }
        customers(phone: $p) { nodes { id name lastConversation { id } } }
        customer(id: $c) { id phone }
        reservations(phone: $p, status: ACTIVE) { nodes { id confirmationCode unitNumber customer { name } lead { id } facility { id } } }
        reservation(id: $res) { id moveInDate }
        conversations(channel: VOICE, facilityId: "${facilityId}") { nodes { id channel } }
        messages(first: 5) { nodes { id text } pageInfo { hasNextPage } }
        facility(id: "${facilityId}") { id name }
        unitType(id: "${unitTypeId}") { id name }
      }`,
      {
        ut: unitTypeId,
        p: phone2,
        c: (booked.body.customer as { id: string }).id,
        u: booked.body.unit_id,
        res: booked.body.id,
      },
    );
    expect(r.body.errors).toBeUndefined();
    const d = r.body.data!;
    expect(d.units.nodes.map((u: { id: string }) => u.id)).toContain(booked.body.unit_id);
    expect(d.unit.number).toBe(booked.body.unit_number);
    expect(d.customers.nodes).toHaveLength(1);
    expect(d.customer.phone).toBe(phone2);
    expect(d.reservations.nodes.map((x: { id: string }) => x.id)).toEqual([booked.body.id]);
    expect(d.reservations.nodes[0].customer.name).toBe("Cy Lee");
    expect(d.reservation.moveInDate).toBe(IN_90_DAYS);
    expect(d.conversations.nodes.map((c: { id: string }) => c.id)).toContain(conversationId);
    expect(d.facility.id).toBe(facilityId);
    expect(d.unitType.id).toBe(unitTypeId);
  });
});
