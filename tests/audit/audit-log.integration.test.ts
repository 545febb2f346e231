import { describe, expect, it } from "vitest";

import { recordAudit } from "@/server/audit";
import { withOrg } from "@/server/db/client";
import { parseCsv } from "@/lib/csv";
import { auditFacets, auditLogCsv, listAuditLog } from "@/server/domain/audit-log/list-audit-log";

import { seedOrganization } from "../factories";
import { seedFacility } from "../inventory/helpers";

/** The audit log's filters, pages and export (issue 22, item 7). */
async function orgWithEntries() {
  const org = await seedOrganization();
  await seedFacility(org.id); // America/Chicago
  await withOrg(org.id, async (tx) => {
    const at = (iso: string) => new Date(iso);
    const rows = [
      {
        action: "reservation.created",
        actor: "ann@example.test",
        type: "reservation",
        data: { confirmationCode: "AB12CD" },
        at: "2026-03-01T15:00:00Z",
      },
      {
        action: "reservation.cancelled",
        actor: "bob@example.test",
        type: "reservation",
        data: {},
        at: "2026-03-02T15:00:00Z",
      },
      {
        action: "task.done",
        actor: "=ann@example.test",
        type: "task",
        data: { title: '=HYPERLINK("x")' },
        at: "2026-03-03T15:00:00Z",
      },
      { action: "reservationist.note", actor: "cy@example.test", type: "note", data: {}, at: "2026-03-04T15:00:00Z" },
    ];
    for (const r of rows)
      await recordAudit(tx, {
        organizationId: org.id,
        actor: { label: r.actor },
        action: r.action,
        targetType: r.type,
        data: r.data,
      });
    // Spread the entries over days (recordAudit stamps now).
    for (const r of rows)
      await tx.execute(
        (await import("drizzle-orm"))
          .sql`update audit_log set created_at = ${at(r.at).toISOString()}::timestamptz where organization_id = ${org.id} and action = ${r.action}`,
      );
  });
  return org;
}

describe("audit log", () => {
  it("filters by area or exact action, actor, target and dates, and pages without gaps", async () => {
    const org = await orgWithEntries();
    const other = await orgWithEntries();
    await withOrg(org.id, async (tx) => {
      const all = await listAuditLog(tx, org.id, {});
      // The seeding wrote entries of its own (facility, units); ours are the four above.
      const ours = all.items.filter((i) => i.createdAt < new Date("2026-04-01"));
      expect(ours.map((i) => i.action)).toEqual([
        "reservationist.note",
        "task.done",
        "reservation.cancelled",
        "reservation.created",
      ]);
      expect(ours.at(-1)!.description).toBe("Reservation created: AB12CD");

      // An area is the actions under it, not every action starting with its letters.
      const area = await listAuditLog(tx, org.id, { action: "reservation" });
      expect(area.items.map((i) => i.action).sort()).toEqual(["reservation.cancelled", "reservation.created"]);
      expect((await listAuditLog(tx, org.id, { action: "task.done" })).items).toHaveLength(1);
      expect(
        (await listAuditLog(tx, org.id, { actor: "ANN@" })).items.filter((i) => i.createdAt < new Date("2026-04-01")),
      ).toHaveLength(2);
      expect((await listAuditLog(tx, org.id, { targetType: "task" })).items.map((i) => i.action)).toEqual([
        "task.done",
      ]);
      const window = await listAuditLog(tx, org.id, {
        from: new Date("2026-03-02T00:00:00Z"),
        to: new Date("2026-03-04T00:00:00Z"),
      });
      expect(window.items.map((i) => i.action)).toEqual(["task.done", "reservation.cancelled"]);
      // A LIKE wildcard in the filter is text, not a pattern.
      expect((await listAuditLog(tx, org.id, { actor: "%" })).items).toEqual([]);

      const p1 = await listAuditLog(tx, org.id, { limit: 2 });
      const p2 = await listAuditLog(tx, org.id, { limit: 2, cursor: p1.nextCursor });
      expect(p2.items[0]!.id).not.toBe(p1.items[1]!.id);
      const every: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listAuditLog>> = await listAuditLog(tx, org.id, { limit: 3, cursor });
        every.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(every).toEqual(all.items.map((i) => i.id));
      await expect(listAuditLog(tx, org.id, { cursor: "nonsense" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

      const facets = await auditFacets(tx, org.id);
      expect(facets.areas).toEqual(expect.arrayContaining(["reservation", "task", "reservationist"]));
      expect(facets.actions).toContain("reservation.cancelled");
    });
    // Another organization's entries never show.
    await withOrg(other.id, async (tx) => {
      const theirs = await listAuditLog(tx, other.id, {});
      const mine = await withOrg(org.id, (t) => listAuditLog(t, org.id, {}));
      expect(theirs.items.map((i) => i.id).filter((id) => mine.items.some((m) => m.id === id))).toEqual([]);
    });
  });

  it("exports the filter as CSV with times in the organization's time zone and formulas defused", async () => {
    const org = await orgWithEntries();
    const csv = await withOrg(org.id, (tx) => auditLogCsv(tx, org.id, { actor: "ann@" }));
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    expect(lines[0]).toBe("When (America/Chicago),Who,What,Action,Target,Target id,Details");
    const task = lines.find((l) => l.includes("task.done"))!;
    // 15:00 UTC on 3 March is 09:00 in Chicago (CST).
    expect(task).toMatch(/^2026-03-03 09:00:00,/);
    // No cell a spreadsheet would run as a formula (an actor label or detail starting with "=").
    const cells = parseCsv(csv.replace(/^\uFEFF/, "")).rows.flat();
    expect(cells).toContain('Task done: =HYPERLINK("x")');
    expect(cells.filter((c) => /^[=+@]/.test(c))).toEqual([]);
    expect(cells).toContain("'=ann@example.test");
    expect(lines.some((l) => l.includes("bob@example.test"))).toBe(false);
  });
});
