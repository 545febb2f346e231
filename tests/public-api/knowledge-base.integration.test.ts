import { beforeAll, describe, expect, it } from "vitest";

import { withOrg } from "@/server/db/client";
import { saveKnowledgeBaseEntry } from "@/server/domain/facilities/knowledge-base";
import { setFacilityClosures } from "@/server/domain/facilities/set-closures";

import { callerFor, daysFromToday, type TestOrg } from "../factories";
import { ACTOR, seedFacility } from "../inventory/helpers";

import { api, newKey, rawCall, seedApiOrg } from "./helpers";

/**
 * Knowledge base entries and dated closures over REST: the dashboard's rules (one implementation,
 * the domain's zod schemas), the Spanish fields both ways, the standard error shape with nothing
 * changed, scopes, idempotent creates, and nothing of another organization's.
 */
let org: TestOrg;
let key: string;
let facilityId: string;
let otherFacilityId: string;
const b = { key: "", facilityId: "", entryId: "", closureId: "" };
const CHRISTMAS = daysFromToday(40);

const problemType = (r: { body: Record<string, unknown> }) => String(r.body.type).split("/").pop();
const errorPaths = (r: { body: Record<string, unknown> }) =>
  ((r.body.errors ?? []) as { path: string }[]).map((e) => e.path);

beforeAll(async () => {
  ({ org, key } = await seedApiOrg());
  facilityId = (await seedFacility(org.id, { units: 0 })).facility.id;
  otherFacilityId = (await seedFacility(org.id, { units: 0 })).facility.id;
  const seededB = await seedApiOrg();
  b.key = seededB.key;
  b.facilityId = (await seedFacility(seededB.org.id, { units: 0 })).facility.id;
  await withOrg(seededB.org.id, async (tx) => {
    const entry = await saveKnowledgeBaseEntry(tx, seededB.org.id, ACTOR, {
      facilityId: b.facilityId,
      kind: "policy",
      question: "B's secret policy?",
      answer: "Only B knows.",
    });
    b.entryId = entry.id;
    await setFacilityClosures(tx, seededB.org.id, ACTOR, b.facilityId, [{ date: CHRISTMAS, reason: "B's holiday" }]);
  });
  const closures = await api(b.key, "GET", `/closures?facility_id=${b.facilityId}`);
  b.closureId = closures.body.data![0]!.id as string;
});

describe("knowledge base entries", () => {
  it("create, get, list, update and delete, with the Spanish question and answer", async () => {
    const created = await api(key, "POST", "/knowledge-base-entries", {
      facility_id: facilityId,
      kind: "faq",
      question: "  Do you sell boxes?  ",
      answer: "Yes, at the office.",
      question_es: "¿Venden cajas?",
      answer_es: "Sí, en la oficina.",
      tags: ["supplies"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      facility_id: facilityId,
      kind: "faq",
      question: "Do you sell boxes?",
      question_es: "¿Venden cajas?",
      answer_es: "Sí, en la oficina.",
      tags: ["supplies"],
    });
    const id = created.body.id as string;
    expect((await api(key, "GET", `/knowledge-base-entries/${id}`)).body).toEqual(created.body);

    // The dashboard reads what the API wrote.
    const dashboard = await (await callerFor(org.owner)).facilities.get({ facilityId });
    expect(dashboard.knowledgeBase.find((k) => k.id === id)).toMatchObject({
      questionEs: "¿Venden cajas?",
      answerEs: "Sí, en la oficina.",
    });

    // Only the fields given change; a blank Spanish field is none.
    const patched = await api(key, "PATCH", `/knowledge-base-entries/${id}`, { question_es: "", answer_es: "Sí." });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ question: "Do you sell boxes?", question_es: null, answer_es: "Sí." });
    const cleared = await api(key, "PATCH", `/knowledge-base-entries/${id}`, { answer_es: null });
    expect(cleared.body).toMatchObject({ answer_es: null, answer: "Yes, at the office.", tags: ["supplies"] });

    const orgWide = await api(key, "PATCH", `/knowledge-base-entries/${id}`, { facility_id: null, kind: "policy" });
    expect(orgWide.body).toMatchObject({ facility_id: null, kind: "policy" });

    const deleted = await api(key, "DELETE", `/knowledge-base-entries/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id, deleted: true });
    expect((await api(key, "GET", `/knowledge-base-entries/${id}`)).status).toBe(404);
    expect((await api(key, "DELETE", `/knowledge-base-entries/${id}`)).status).toBe(404);
    expect((await api(key, "PATCH", `/knowledge-base-entries/${id}`, { answer: "x" })).status).toBe(404);
  });

  it("lists a facility's own entries with the organization-wide ones, filtered by kind, and pages", async () => {
    const mine = await api(key, "POST", "/knowledge-base-entries", {
      facility_id: otherFacilityId,
      kind: "faq",
      question: "Is there a cart?",
      answer: "Two, by the door.",
    });
    const everywhere = await api(key, "POST", "/knowledge-base-entries", {
      kind: "policy",
      question: "Do you take cash?",
      answer: "Yes.",
    });
    expect(everywhere.body.facility_id).toBeNull();
    const elsewhere = await api(key, "POST", "/knowledge-base-entries", {
      facility_id: facilityId,
      kind: "faq",
      question: "Is there a dolly?",
      answer: "One.",
    });
    const ids = (r: Awaited<ReturnType<typeof api>>) => r.body.data!.map((k) => k.id);
    const listed = await api(key, "GET", `/knowledge-base-entries?facility_id=${otherFacilityId}`);
    expect(ids(listed)).toContain(mine.body.id);
    expect(ids(listed)).toContain(everywhere.body.id);
    expect(ids(listed)).not.toContain(elsewhere.body.id);
    const faqs = await api(key, "GET", `/knowledge-base-entries?facility_id=${otherFacilityId}&kind=faq`);
    expect(ids(faqs)).toEqual([mine.body.id]);

    const first = await api(key, "GET", "/knowledge-base-entries?limit=1");
    expect(first.body.data).toHaveLength(1);
    const second = await api(key, "GET", `/knowledge-base-entries?limit=1&cursor=${first.body.next_cursor}`);
    expect(second.body.data![0]!.id).not.toBe(first.body.data![0]!.id);
  });

  it("refuses invalid input with the standard error naming each field, and changes nothing", async () => {
    const before = await api(key, "GET", "/knowledge-base-entries?limit=100");
    const [target] = before.body.data!;
    const cases: [unknown, string][] = [
      [{ kind: "faq", question: "x", answer: "a" }, "question"],
      [{ kind: "faq", question: "Hours?", answer: "" }, "answer"],
      [{ kind: "note", question: "Hours?", answer: "a" }, "kind"],
      [{ kind: "faq", question: "Hours?", answer: "a", question_es: "x" }, "question_es"],
      [{ kind: "faq", question: "Hours?", answer: "a", question_es: 5 }, "question_es"],
      [{ kind: "faq", question: "Hours?", answer: "a", answer_es: "s".repeat(8001) }, "answer_es"],
      [{ kind: "faq", question: "Hours?", answer: "a", answer_es: ["sí"] }, "answer_es"],
      [{ kind: "faq", question: "Hours?", answer: "a", tags: "x" }, "tags"],
      [{ kind: "faq", question: "Hours?", answer: "a", facility_id: "nope" }, "facility_id"],
      [{ kind: "faq", question: "Hours?", answer: "a", questionEs: "¿Horario?" }, ""],
      [{ kind: "faq", question: "Hours?", answer: "a\u0000b" }, "answer"],
    ];
    for (const [body, path] of cases) {
      const r = await api(key, "POST", "/knowledge-base-entries", body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(problemType(r)).toBe("validation-error");
      if (path) expect(errorPaths(r), JSON.stringify(body).slice(0, 80)).toContain(path);
      const p = await api(key, "PATCH", `/knowledge-base-entries/${target!.id}`, body);
      expect(p.status, `PATCH ${JSON.stringify(body).slice(0, 80)}`).toBe(400);
    }
    const es = await api(key, "POST", "/knowledge-base-entries", {
      kind: "faq",
      question: "Hours?",
      answer: "9 to 5",
      question_es: "x",
    });
    expect((es.body.errors as { message: string }[])[0]!.message).toBe(
      "The Spanish question must be at least 2 characters.",
    );
    // Wrong types and sizes, not a 500.
    expect((await api(key, "POST", "/knowledge-base-entries", [1, 2])).status).toBe(400);
    expect((await api(key, "POST", "/knowledge-base-entries", "question")).status).toBe(400);
    expect((await api(key, "POST", "/knowledge-base-entries", { kind: "faq", question: 1, answer: {} })).status).toBe(
      400,
    );
    const huge = await rawCall("POST", "/knowledge-base-entries", {
      key,
      body: JSON.stringify({ kind: "faq", question: "Hours?", answer: "a".repeat(300_000) }),
      headers: { "content-type": "application/json" },
    });
    expect(huge.status).toBe(413);
    expect((await api(key, "GET", "/knowledge-base-entries?limit=100")).body.data).toEqual(before.body.data);
  });
});

describe("closures", () => {
  it("create, get, list, update and delete, with the Spanish reason; the id stays", async () => {
    const created = await api(key, "POST", "/closures", {
      facility_id: facilityId,
      date: CHRISTMAS,
      reason: "Christmas Day",
      reason_es: "Navidad",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ facility_id: facilityId, date: CHRISTMAS, reason: "Christmas Day" });
    expect(created.body.reason_es).toBe("Navidad");
    const id = created.body.id as string;
    expect((await api(key, "GET", `/closures/${id}`)).body).toEqual(created.body);
    const dashboard = await (await callerFor(org.owner)).facilities.get({ facilityId });
    expect(dashboard.closures.find((c) => c.date === CHRISTMAS)).toMatchObject({ reasonEs: "Navidad", id });

    // A second closure the same day is a conflict; on another facility it is fine.
    const again = await api(key, "POST", "/closures", { facility_id: facilityId, date: CHRISTMAS, reason: "Again" });
    expect(again.status).toBe(409);
    expect(problemType(again)).toBe("conflict");
    expect((await api(key, "POST", "/closures", { facility_id: otherFacilityId, date: CHRISTMAS })).status).toBe(201);

    const later = await api(key, "POST", "/closures", { facility_id: facilityId, date: daysFromToday(41) });
    expect(later.body).toMatchObject({ reason: "", reason_es: null });
    const moved = await api(key, "PATCH", `/closures/${later.body.id}`, { date: CHRISTMAS });
    expect(moved.status).toBe(409);

    const patched = await api(key, "PATCH", `/closures/${id}`, { reason_es: "  " });
    expect(patched.body).toMatchObject({ id, reason: "Christmas Day", reason_es: null, date: CHRISTMAS });
    const redated = await api(key, "PATCH", `/closures/${id}`, { date: daysFromToday(42), reason_es: "Navidad" });
    expect(redated.body).toMatchObject({ id, date: daysFromToday(42), reason_es: "Navidad" });

    const listed = await api(key, "GET", `/closures?facility_id=${facilityId}&from_date=${daysFromToday(42)}`);
    expect(listed.body.data!.map((c) => c.id)).toEqual([id]);

    expect((await api(key, "DELETE", `/closures/${id}`)).body).toEqual({ id, deleted: true });
    expect((await api(key, "GET", `/closures/${id}`)).status).toBe(404);
    expect((await api(key, "DELETE", `/closures/${id}`)).status).toBe(404);
  });

  it("keep their ids when the dashboard saves the facility's whole list", async () => {
    const fid = (await seedFacility(org.id, { units: 0 })).facility.id;
    const [kept, changed, dropped] = await Promise.all(
      [31, 32, 33].map((d) =>
        api(key, "POST", "/closures", { facility_id: fid, date: daysFromToday(d), reason: `Day ${d}` }),
      ),
    );
    const owner = await callerFor(org.owner);
    const { closures } = await owner.facilities.get({ facilityId: fid });
    // What the dashboard sends: every closure it shows, one with a Spanish reason added, one removed, one new.
    await owner.facilities.setClosures({
      facilityId: fid,
      closures: [
        ...closures
          .filter((c) => c.id !== dropped!.body.id)
          .map((c) => ({
            date: c.date,
            reason: c.reason,
            reasonEs: c.id === changed!.body.id ? "Día" : (c.reasonEs ?? ""),
          })),
        { date: daysFromToday(34), reason: "New" },
      ],
    });
    expect((await api(key, "GET", `/closures/${kept!.body.id}`)).body).toEqual(kept!.body);
    const after = await api(key, "GET", `/closures/${changed!.body.id}`);
    expect(after.body).toMatchObject({ id: changed!.body.id, date: daysFromToday(32), reason_es: "Día" });
    expect(after.body.updated_at).not.toBe(changed!.body.updated_at);
    expect((await api(key, "GET", `/closures/${dropped!.body.id}`)).status).toBe(404);
    const listed = await api(key, "GET", `/closures?facility_id=${fid}`);
    expect(listed.body.data!.map((c) => c.date).sort()).toEqual([31, 32, 34].map(daysFromToday));
  });

  it("refuses invalid input with the standard error naming each field, and changes nothing", async () => {
    const before = await api(key, "GET", "/closures?limit=100");
    const [target] = before.body.data!;
    const cases: [unknown, string][] = [
      [{ facility_id: facilityId, date: "2030-02-30" }, "date"],
      [{ facility_id: facilityId, date: "0000-01-01" }, "date"],
      [{ facility_id: facilityId, date: "tomorrow" }, "date"],
      [{ facility_id: facilityId, date: 20301225 }, "date"],
      [{ facility_id: facilityId, date: daysFromToday(50), reason: "r".repeat(201) }, "reason"],
      [{ facility_id: facilityId, date: daysFromToday(50), reason_es: "r".repeat(201) }, "reason_es"],
      [{ facility_id: facilityId, date: daysFromToday(50), reason_es: false }, "reason_es"],
      [{ facility_id: facilityId, date: daysFromToday(50), reason: "a\u0000" }, "reason"],
      [{ date: daysFromToday(50) }, "facility_id"],
    ];
    for (const [body, path] of cases) {
      const r = await api(key, "POST", "/closures", body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(errorPaths(r)).toContain(path);
      if (path !== "facility_id") {
        const { facility_id: _f, ...patch } = body as Record<string, unknown>;
        expect((await api(key, "PATCH", `/closures/${target!.id}`, patch)).status).toBe(400);
      }
    }
    const moveFacility = await api(key, "PATCH", `/closures/${target!.id}`, { facility_id: otherFacilityId });
    expect(moveFacility.status).toBe(400);
    expect((await api(key, "GET", "/closures?from_date=2030-13-01")).status).toBe(400);
    expect((await api(key, "GET", "/closures?limit=100")).body.data).toEqual(before.body.data);
  });
});

describe("scopes, idempotency and other organizations", () => {
  it("a read-only key reads and cannot write; a write-only key cannot read", async () => {
    const readOnly = await newKey(org, ["read"]);
    const writeOnly = await newKey(org, ["write"]);
    const entry = await api(key, "POST", "/knowledge-base-entries", { kind: "faq", question: "Wifi?", answer: "No." });
    const closure = await api(key, "POST", "/closures", { facility_id: facilityId, date: daysFromToday(60) });
    for (const [path, id, body] of [
      ["/knowledge-base-entries", entry.body.id, { kind: "faq", question: "Wifi?", answer: "Yes." }],
      ["/closures", closure.body.id, { facility_id: facilityId, date: daysFromToday(61) }],
    ] as const) {
      expect((await api(readOnly, "GET", path)).status).toBe(200);
      expect((await api(readOnly, "GET", `${path}/${id}`)).status).toBe(200);
      for (const [method, p, send] of [
        ["POST", path, body],
        ["PATCH", `${path}/${id}`, {}],
        ["DELETE", `${path}/${id}`, undefined],
      ] as const) {
        const r = await api(readOnly, method, p, send);
        expect(r.status, `${method} ${p}`).toBe(403);
        expect(problemType(r)).toBe("insufficient-scope");
      }
      expect((await api(writeOnly, "GET", path)).status).toBe(403);
      expect((await api(writeOnly, "GET", `${path}/${id}`)).status).toBe(403);
      expect((await api(key, "GET", `${path}/${id}`)).status).toBe(200);
    }
  });

  it("a create retried with the same Idempotency-Key is answered again, not made twice", async () => {
    for (const [path, body] of [
      ["/knowledge-base-entries", { kind: "faq", question: "Locks sold?", answer: "Disc locks, $12." }],
      ["/closures", { facility_id: otherFacilityId, date: daysFromToday(70), reason: "Inventory day" }],
    ] as const) {
      const idem = { "idempotency-key": `kb-${path}-${Date.now()}` };
      const first = await api(key, "POST", path, body, idem);
      const second = await api(key, "POST", path, body, idem);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers.get("idempotent-replayed")).toBe("true");
      expect(second.body).toEqual(first.body);
      const reused = await api(key, "POST", path, { ...body, [path === "/closures" ? "reason" : "answer"]: "x" }, idem);
      expect(reused.status).toBe(422);
    }
  });

  it("another organization's ids are 404, never listed, and its rows stay as they were", async () => {
    for (const path of [`/knowledge-base-entries/${b.entryId}`, `/closures/${b.closureId}`]) {
      expect((await api(key, "GET", path)).status, path).toBe(404);
      const patch = path.startsWith("/closures") ? { reason: "hijack" } : { answer: "hijack" };
      expect((await api(key, "PATCH", path, patch)).status, path).toBe(404);
      expect((await api(key, "DELETE", path)).status, path).toBe(404);
    }
    for (const path of [
      "/knowledge-base-entries?limit=100",
      `/knowledge-base-entries?facility_id=${b.facilityId}`,
      "/closures?limit=100",
      `/closures?facility_id=${b.facilityId}`,
    ]) {
      const r = await api(key, "GET", path);
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body), path).not.toMatch(new RegExp([b.entryId, b.closureId, b.facilityId].join("|")));
    }
    // A's organization-wide entries apply to A's facilities, not to B's.
    expect((await api(key, "GET", `/knowledge-base-entries?facility_id=${b.facilityId}`)).body.data).toEqual([]);
    // B's facility named in a body: refused like any reference that names nothing.
    const kb = await api(key, "POST", "/knowledge-base-entries", {
      facility_id: b.facilityId,
      kind: "faq",
      question: "Planted?",
      answer: "By A.",
    });
    expect(kb.status).toBe(400);
    expect(errorPaths(kb)).toEqual(["facility_id"]);
    const closure = await api(key, "POST", "/closures", { facility_id: b.facilityId, date: daysFromToday(80) });
    expect(closure.status).toBe(400);
    expect(errorPaths(closure)).toEqual(["facility_id"]);

    expect((await api(b.key, "GET", `/knowledge-base-entries/${b.entryId}`)).body).toMatchObject({
      answer: "Only B knows.",
    });
    const closuresOfB = await api(b.key, "GET", `/closures?facility_id=${b.facilityId}`);
    expect(closuresOfB.body.data!.map((c) => [c.id, c.date, c.reason])).toEqual([
      [b.closureId, CHRISTMAS, "B's holiday"],
    ]);
  });
});
