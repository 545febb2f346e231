import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";

import { withOrg } from "@/server/db/client";
import { saveKnowledgeBaseEntry } from "@/server/domain/facilities/knowledge-base";
import { setFacilityClosures } from "@/server/domain/facilities/set-closures";

import { daysFromToday, type TestOrg } from "../factories";
import { ACTOR, seedFacility } from "../inventory/helpers";
import { api, newKey, seedApiOrg } from "../public-api/helpers";

import { gql } from "./helpers";

/**
 * A facility's knowledge base and closures in GraphQL: fields on Facility loaded in batches, the
 * REST operations' lists and mutations (typed errors, Spanish fields both ways), scopes, and
 * nothing of another organization's.
 */
let org: TestOrg;
let key: string;
const facilityIds: string[] = [];
const b = { facilityId: "", entryId: "", closureId: "" };
const DAY = daysFromToday(45);

const ENTRY = `__typename
  ... on ValidationError { message fields { path message } }
  ... on NotFound { message }`;

beforeAll(async () => {
  ({ org, key } = await seedApiOrg());
  for (let i = 0; i < 5; i++) facilityIds.push((await seedFacility(org.id, { units: 0 })).facility.id);
  await withOrg(org.id, async (tx) => {
    await saveKnowledgeBaseEntry(tx, org.id, ACTOR, { kind: "policy", question: "Cash?", answer: "Yes." });
    for (const [i, facilityId] of facilityIds.entries()) {
      await saveKnowledgeBaseEntry(tx, org.id, ACTOR, {
        facilityId,
        kind: "faq",
        question: `Carts at ${i}?`,
        answer: "Two.",
        answerEs: "Dos.",
      });
      await setFacilityClosures(tx, org.id, ACTOR, facilityId, [
        { date: DAY, reason: "Christmas Day", reasonEs: "Navidad" },
        { date: daysFromToday(46), reason: "Boxing Day" },
      ]);
    }
  });
  const other = await seedApiOrg();
  b.facilityId = (await seedFacility(other.org.id, { units: 0 })).facility.id;
  await withOrg(other.org.id, async (tx) => {
    b.entryId = (
      await saveKnowledgeBaseEntry(tx, other.org.id, ACTOR, {
        facilityId: b.facilityId,
        kind: "policy",
        question: "B's policy?",
        answer: "B's answer.",
      })
    ).id;
    await setFacilityClosures(tx, other.org.id, ACTOR, b.facilityId, [{ date: DAY, reason: "B's holiday" }]);
  });
  b.closureId = (await api(other.key, "GET", `/closures?facility_id=${b.facilityId}`)).body.data![0]!.id as string;
});

describe("a facility's knowledge base and closures", () => {
  it("are fields of Facility: its own entries with the organization-wide ones, closures by date, Spanish included", async () => {
    const r = await gql(
      key,
      `query($id: ID!, $from: Date) { facility(id: $id) {
        knowledgeBaseEntries { kind question answer questionEs answerEs facility { id } }
        faqs: knowledgeBaseEntries(kind: FAQ) { question }
        closures { date reason reasonEs facility { id } }
        upcoming: closures(fromDate: $from) { date } } }`,
      { id: facilityIds[0], from: daysFromToday(46) },
    );
    expect(r.body.errors).toBeUndefined();
    const f = r.body.data!.facility;
    expect(f.knowledgeBaseEntries).toEqual([
      {
        kind: "FAQ",
        question: "Carts at 0?",
        answer: "Two.",
        questionEs: null,
        answerEs: "Dos.",
        facility: { id: facilityIds[0] },
      },
      { kind: "POLICY", question: "Cash?", answer: "Yes.", questionEs: null, answerEs: null, facility: null },
    ]);
    expect(f.faqs).toEqual([{ question: "Carts at 0?" }]);
    expect(f.closures).toEqual([
      { date: DAY, reason: "Christmas Day", reasonEs: "Navidad", facility: { id: facilityIds[0] } },
      { date: daysFromToday(46), reason: "Boxing Day", reasonEs: null, facility: { id: facilityIds[0] } },
    ]);
    expect(f.upcoming).toEqual([{ date: daysFromToday(46) }]);
  });

  it("load in batches: five facilities with their entries and closures cost what one does", async () => {
    const query = `query($n: Int) { facilities(first: $n) { nodes { id knowledgeBaseEntries { id question }
      closures { id date } } } }`;
    const one = await statements(() => gql(key, query, { n: 1 }));
    const five = await statements(() => gql(key, query, { n: 5 }));
    expect(five.result.body.data!.facilities.nodes).toHaveLength(5);
    for (const node of five.result.body.data!.facilities.nodes) {
      expect(node.knowledgeBaseEntries).toHaveLength(2);
      expect(node.closures).toHaveLength(2);
    }
    expect(five.count).toBe(one.count);
  });

  it("top-level lists and lookups run the REST operations", async () => {
    const r = await gql(
      key,
      `query($f: ID) { knowledgeBaseEntries(facilityId: $f, first: 10) { nodes { id question } pageInfo { hasNextPage } }
        closures(facilityId: $f, fromDate: "${DAY}") { nodes { id date reasonEs } } }`,
      { f: facilityIds[1] },
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.knowledgeBaseEntries.nodes.map((n: { question: string }) => n.question).sort()).toEqual([
      "Carts at 1?",
      "Cash?",
    ]);
    const closures = r.body.data!.closures.nodes;
    expect(closures).toHaveLength(2);
    const one = await gql(key, `query($id: ID!) { closure(id: $id) { date reasonEs } }`, { id: closures[0].id });
    expect(one.body.data!.closure).toEqual({ date: closures[0].date, reasonEs: closures[0].reasonEs });
    const bad = await gql(key, `{ closures(first: 101) { nodes { id } } }`);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("mutations", () => {
  it("create, update and delete an entry with its Spanish question and answer; typed errors change nothing", async () => {
    const created = await gql(
      key,
      `mutation($i: CreateKnowledgeBaseEntryInput!) { createKnowledgeBaseEntry(input: $i) { ${ENTRY}
        ... on CreateKnowledgeBaseEntrySuccess { knowledgeBaseEntry { id kind question questionEs answerEs tags facility { id } } } } }`,
      {
        i: {
          facilityId: facilityIds[2],
          kind: "FAQ",
          question: "Do you sell boxes?",
          answer: "Yes.",
          questionEs: "¿Venden cajas?",
          answerEs: "Sí.",
          tags: ["supplies"],
        },
      },
    );
    const entry = created.body.data!.createKnowledgeBaseEntry.knowledgeBaseEntry;
    expect(entry).toMatchObject({
      kind: "FAQ",
      questionEs: "¿Venden cajas?",
      answerEs: "Sí.",
      tags: ["supplies"],
      facility: { id: facilityIds[2] },
    });
    // REST sees the same entry.
    expect((await api(key, "GET", `/knowledge-base-entries/${entry.id}`)).body).toMatchObject({
      question_es: "¿Venden cajas?",
      answer_es: "Sí.",
    });

    const update = `mutation($id: ID!, $i: UpdateKnowledgeBaseEntryInput!) { updateKnowledgeBaseEntry(id: $id, input: $i) { ${ENTRY}
      ... on UpdateKnowledgeBaseEntrySuccess { knowledgeBaseEntry { question questionEs answerEs facility { id } } } } }`;
    const cleared = await gql(key, update, { id: entry.id, i: { questionEs: null, answerEs: "" } });
    expect(cleared.body.data!.updateKnowledgeBaseEntry.knowledgeBaseEntry).toEqual({
      question: "Do you sell boxes?",
      questionEs: null,
      answerEs: null,
      facility: { id: facilityIds[2] },
    });
    const invalid = await gql(key, update, { id: entry.id, i: { questionEs: "x", answerEs: "s".repeat(8001) } });
    expect(invalid.body.data!.updateKnowledgeBaseEntry.__typename).toBe("ValidationError");
    expect(invalid.body.data!.updateKnowledgeBaseEntry.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      "answerEs",
      "questionEs",
    ]);
    expect(
      (await gql(key, update, { id: entry.id, i: { answer: "nul\u0000" } })).body.data!.updateKnowledgeBaseEntry
        .__typename,
    ).toBe("ValidationError");
    expect((await api(key, "GET", `/knowledge-base-entries/${entry.id}`)).body).toMatchObject({
      question_es: null,
      answer_es: null,
      answer: "Yes.",
    });

    const del = `mutation($id: ID!) { deleteKnowledgeBaseEntry(id: $id) { ${ENTRY} ... on DeleteKnowledgeBaseEntrySuccess { deleted { id } } } }`;
    expect((await gql(key, del, { id: entry.id })).body.data!.deleteKnowledgeBaseEntry.deleted).toEqual({
      id: entry.id,
    });
    expect((await gql(key, del, { id: entry.id })).body.data!.deleteKnowledgeBaseEntry.__typename).toBe("NotFound");
  });

  it("create, update and delete a closure with its Spanish reason; a taken day is a Conflict", async () => {
    const create = `mutation($i: CreateClosureInput!) { createClosure(input: $i) { ${ENTRY} ... on Conflict { message }
      ... on CreateClosureSuccess { closure { id date reason reasonEs } } } }`;
    const made = await gql(key, create, {
      i: { facilityId: facilityIds[3], date: daysFromToday(50), reason: "Inventory", reasonEs: "Inventario" },
    });
    const closure = made.body.data!.createClosure.closure;
    expect(closure).toMatchObject({ date: daysFromToday(50), reason: "Inventory", reasonEs: "Inventario" });
    const taken = await gql(key, create, { i: { facilityId: facilityIds[3], date: DAY } });
    expect(taken.body.data!.createClosure.__typename).toBe("Conflict");
    const invalid = await gql(key, create, { i: { facilityId: facilityIds[3], date: DAY, reasonEs: "r".repeat(201) } });
    expect(invalid.body.data!.createClosure).toMatchObject({
      __typename: "ValidationError",
      fields: [{ path: "reasonEs" }],
    });

    const update = `mutation($id: ID!, $i: UpdateClosureInput!) { updateClosure(id: $id, input: $i) { ${ENTRY} ... on Conflict { message }
      ... on UpdateClosureSuccess { closure { id date reason reasonEs } } } }`;
    const changed = await gql(key, update, { id: closure.id, i: { reasonEs: null, reason: "Stock take" } });
    expect(changed.body.data!.updateClosure.closure).toEqual({
      id: closure.id,
      date: daysFromToday(50),
      reason: "Stock take",
      reasonEs: null,
    });
    expect((await gql(key, update, { id: closure.id, i: { date: DAY } })).body.data!.updateClosure.__typename).toBe(
      "Conflict",
    );

    const del = `mutation($id: ID!) { deleteClosure(id: $id) { ${ENTRY} ... on DeleteClosureSuccess { deleted { id } } } }`;
    expect((await gql(key, del, { id: closure.id })).body.data!.deleteClosure.deleted).toEqual({ id: closure.id });
    expect((await api(key, "GET", `/closures/${closure.id}`)).status).toBe(404);
  });

  it("mutations need the write scope", async () => {
    const readOnly = await newKey(org, ["read"]);
    const r = await gql(
      readOnly,
      `mutation { createClosure(input: { facilityId: "${facilityIds[4]}", date: "${daysFromToday(90)}" }) { __typename } }`,
    );
    expect(r.status).toBe(403);
    expect(r.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql(readOnly, `{ closures { nodes { id } } }`)).status).toBe(200);
  });
});

describe("another organization's", () => {
  it("entries and closures are null, NotFound or refused, never listed, and unchanged", async () => {
    const r = await gql(
      key,
      `query($e: ID!, $c: ID!, $f: ID!) { knowledgeBaseEntry(id: $e) { id } closure(id: $c) { id } facility(id: $f) { id }
        knowledgeBaseEntries(facilityId: $f) { nodes { id } } closures(facilityId: $f) { nodes { id } } }`,
      { e: b.entryId, c: b.closureId, f: b.facilityId },
    );
    expect(r.body.data).toEqual({
      knowledgeBaseEntry: null,
      closure: null,
      facility: null,
      knowledgeBaseEntries: { nodes: [] },
      closures: { nodes: [] },
    });
    const all = await gql(
      key,
      `{ knowledgeBaseEntries(first: 100) { nodes { id } } closures(first: 100) { nodes { id } } }`,
    );
    expect(JSON.stringify(all.body)).not.toMatch(new RegExp(`${b.entryId}|${b.closureId}`));

    const m = await gql(
      key,
      `mutation($e: ID!, $c: ID!, $f: ID!) {
        a: updateKnowledgeBaseEntry(id: $e, input: { answer: "A's" }) { __typename }
        b: deleteKnowledgeBaseEntry(id: $e) { __typename }
        c: updateClosure(id: $c, input: { reason: "A's" }) { __typename }
        d: deleteClosure(id: $c) { __typename }
        e: createKnowledgeBaseEntry(input: { facilityId: $f, kind: FAQ, question: "A's?", answer: "A's" }) { __typename }
        f: createClosure(input: { facilityId: $f, date: "${daysFromToday(91)}" }) { __typename } }`,
      { e: b.entryId, c: b.closureId, f: b.facilityId },
    );
    expect(m.body.data).toEqual({
      a: { __typename: "NotFound" },
      b: { __typename: "NotFound" },
      c: { __typename: "NotFound" },
      d: { __typename: "NotFound" },
      e: { __typename: "ValidationError" },
      f: { __typename: "ValidationError" },
    });
  });
});

/** Statements the app sends for `run` (pg's Client.query wrapped and still called), transaction control aside. */
async function statements<T>(run: () => Promise<T>): Promise<{ result: T; count: number }> {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  const seen: string[] = [];
  (pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    const q = args[0] as string | { text?: string };
    seen.push(typeof q === "string" ? q : (q.text ?? ""));
    return original.apply(this, args);
  };
  try {
    const result = await run();
    return {
      result,
      count: seen.filter((s) => !/^(begin|commit|rollback|savepoint|release)/i.test(s.trim())).length,
    };
  } finally {
    (pg.Client.prototype as unknown as { query: unknown }).query = original;
  }
}
