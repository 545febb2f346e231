import { and, eq, inArray } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { assertCanAdd } from "@/server/billing/entitlements";
import type { Executor } from "@/server/db/client";
import {
  facility,
  facilityClosure,
  fee,
  knowledgeBaseEntry,
  phoneNumber,
  promotion,
  protectionPlan,
  unit,
  unitStatusHistory,
  unitType,
} from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { toE164 } from "@/lib/normalize-phone";
import { writeUnitStatus } from "@/server/domain/inventory/unit-status";
import { expandUnitRange } from "@/lib/unit-range";

import type { ImportFile } from "./format";
import { changedFields } from "./same";
import type { UnitCsvRow } from "./units-csv";

type Tally = { created: number; updated: number; unchanged: number };
const tally = (): Tally => ({ created: 0, updated: 0, unchanged: 0 });
export type ImportSummary = Record<
  "facilities" | "closures" | "knowledgeBase" | "unitTypes" | "units" | "promotions" | "fees" | "protectionPlans",
  Tally
> & { warnings: string[] };

/**
 * Applies a validated import file inside the caller's transaction, so a failure anywhere leaves
 * nothing behind. Upserts by natural key and writes only what differs, so a second import of the
 * same file changes nothing (not even updatedAt). Never deletes.
 */
export async function applyImport(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  file: ImportFile,
): Promise<ImportSummary> {
  const s: ImportSummary = {
    facilities: tally(),
    closures: tally(),
    knowledgeBase: tally(),
    unitTypes: tally(),
    units: tally(),
    promotions: tally(),
    fees: tally(),
    protectionPlans: tally(),
    warnings: [],
  };
  const facilityIds = new Map<string, string>();
  const unitTypeIds = new Map<string, string>(); // "slug/name" → id

  // The plan limits active facilities (issue 7): count what this file would add or re-activate,
  // and refuse before writing anything.
  const current = new Map(
    (
      await tx
        .select({ slug: facility.slug, active: facility.active })
        .from(facility)
        .where(eq(facility.organizationId, organizationId))
    ).map((r) => [r.slug, r.active]),
  );
  const adding = file.facilities.filter((f) => f.active && current.get(f.slug) !== true).length;
  if (adding > 0) await assertCanAdd(tx, organizationId, "facilities", adding);

  for (const f of file.facilities) {
    const { closures, phoneNumbers, unitTypes, knowledgeBase, ...fields } = f;
    const [existing] = await tx
      .select()
      .from(facility)
      .where(and(eq(facility.organizationId, organizationId), eq(facility.slug, f.slug)));
    let facilityId: string;
    if (!existing) {
      const [row] = await tx
        .insert(facility)
        .values({ ...fields, organizationId })
        .returning({ id: facility.id });
      facilityId = row!.id;
      s.facilities.created++;
      await recordAudit(tx, {
        organizationId,
        actor,
        action: "facility.created",
        targetType: "facility",
        targetId: facilityId,
        data: { slug: f.slug, via: "import" },
      });
    } else {
      facilityId = existing.id;
      const diff = changedFields(existing, fields);
      if (Object.keys(diff).length) {
        await tx
          .update(facility)
          .set(diff)
          .where(and(eq(facility.organizationId, organizationId), eq(facility.id, facilityId)));
        s.facilities.updated++;
        await recordAudit(tx, {
          organizationId,
          actor,
          action: "facility.updated",
          targetType: "facility",
          targetId: facilityId,
          data: { fields: Object.keys(diff), via: "import" },
        });
      } else s.facilities.unchanged++;
    }
    facilityIds.set(f.slug, facilityId);

    const existingClosures = await tx
      .select()
      .from(facilityClosure)
      .where(and(eq(facilityClosure.organizationId, organizationId), eq(facilityClosure.facilityId, facilityId)));
    for (const c of closures) {
      const cur = existingClosures.find((x) => x.date === c.date);
      if (!cur) {
        await tx
          .insert(facilityClosure)
          .values({ organizationId, facilityId, date: c.date, reason: c.reason, reasonEs: c.reasonEs });
        s.closures.created++;
      } else if (cur.reason !== c.reason || cur.reasonEs !== c.reasonEs) {
        await tx
          .update(facilityClosure)
          .set({ reason: c.reason, reasonEs: c.reasonEs })
          .where(and(eq(facilityClosure.organizationId, organizationId), eq(facilityClosure.id, cur.id)));
        s.closures.updated++;
      } else s.closures.unchanged++;
    }

    await upsertKnowledgeBase(tx, organizationId, facilityId, knowledgeBase, s);

    for (const raw of phoneNumbers) {
      const e164 = toE164(raw);
      const [num] = e164
        ? await tx
            .select()
            .from(phoneNumber)
            .where(and(eq(phoneNumber.organizationId, organizationId), eq(phoneNumber.e164, e164)))
        : [];
      if (!num)
        s.warnings.push(
          `${raw} (facility ${f.slug}) is not one of the organization's phone numbers; provision it under Phone numbers, then import again.`,
        );
      else if (num.facilityId !== facilityId)
        await tx
          .update(phoneNumber)
          .set({ facilityId })
          .where(and(eq(phoneNumber.organizationId, organizationId), eq(phoneNumber.id, num.id)));
    }

    const existingTypes = await tx
      .select()
      .from(unitType)
      .where(and(eq(unitType.organizationId, organizationId), eq(unitType.facilityId, facilityId)));
    const existingUnits = await tx
      .select()
      .from(unit)
      .where(and(eq(unit.organizationId, organizationId), eq(unit.facilityId, facilityId)));
    const unitsByNumber = new Map(existingUnits.map((u) => [u.number, u]));
    for (const t of unitTypes) {
      const { units, unitRange, count, ...typeFields } = t;
      const wanted = { ...typeFields, features: [...new Set(typeFields.features)].sort() };
      const cur = existingTypes.find((x) => x.name === t.name);
      let typeId: string;
      if (!cur) {
        const [row] = await tx
          .insert(unitType)
          .values({ ...wanted, organizationId, facilityId })
          .returning({ id: unitType.id });
        typeId = row!.id;
        s.unitTypes.created++;
        await recordAudit(tx, {
          organizationId,
          actor,
          action: "unit_type.created",
          targetType: "unit_type",
          targetId: typeId,
          data: { name: t.name, via: "import" },
        });
      } else {
        typeId = cur.id;
        const diff = changedFields(cur, wanted);
        if (Object.keys(diff).length) {
          await tx
            .update(unitType)
            .set(diff)
            .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, typeId)));
          s.unitTypes.updated++;
          await recordAudit(tx, {
            organizationId,
            actor,
            action: "unit_type.updated",
            targetType: "unit_type",
            targetId: typeId,
            data: { changes: diff, via: "import" },
          });
        } else s.unitTypes.unchanged++;
      }
      unitTypeIds.set(`${f.slug}/${t.name}`, typeId);
      const list =
        units ??
        (unitRange
          ? expandUnitRange(unitRange).map((number) => ({ number, floor: null, status: "available" as const }))
          : countedUnits(t.name, count ?? 0));
      await upsertUnits(tx, organizationId, actor, f.slug, facilityId, typeId, list, unitsByNumber, s);
    }
  }

  const facilityRef = (slug: string | null | undefined) => (slug ? facilityIds.get(slug)! : null);
  for (const p of file.promotions) {
    const { facility: slug, unitTypes, ...rest } = p;
    await upsertByName(
      tx,
      organizationId,
      actor,
      "promotion",
      { ...rest, facilityId: facilityRef(slug), unitTypeIds: unitTypes.map((r) => unitTypeIds.get(r)!) },
      s.promotions,
    );
  }
  for (const x of file.fees) {
    const { facility: slug, ...rest } = x;
    await upsertByName(tx, organizationId, actor, "fee", { ...rest, facilityId: facilityRef(slug) }, s.fees);
  }
  for (const x of file.protectionPlans) {
    const { facility: slug, ...rest } = x;
    await upsertByName(
      tx,
      organizationId,
      actor,
      "protection_plan",
      { ...rest, facilityId: facilityRef(slug) },
      s.protectionPlans,
    );
  }
  await upsertKnowledgeBase(tx, organizationId, null, file.knowledgeBase, s);

  const changed = Object.values(s).some(
    (v) => typeof v === "object" && "created" in v && (v.created > 0 || v.updated > 0),
  );
  if (changed)
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "inventory.imported",
      targetType: "organization",
      targetId: organizationId,
      data: { summary: s },
    });
  return s;
}

function countedUnits(typeName: string, count: number) {
  const prefix = typeName.toUpperCase().replace(/[^A-Z0-9]+/g, "");
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => ({
    number: `${prefix}-${String(i + 1).padStart(width, "0")}`,
    floor: null,
    status: "available" as const,
  }));
}

async function upsertUnits(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  slug: string,
  facilityId: string,
  unitTypeId: string,
  list: { number: string; floor?: number | null; status: "available" | "unavailable" }[],
  byNumber: Map<string, typeof unit.$inferSelect>,
  s: ImportSummary,
) {
  const fresh = list.filter((u) => !byNumber.has(u.number));
  for (let i = 0; i < fresh.length; i += 1000) {
    const chunk = fresh.slice(i, i + 1000);
    const rows = await tx
      .insert(unit)
      .values(
        chunk.map((u) => ({
          organizationId,
          facilityId,
          unitTypeId,
          number: u.number,
          floor: u.floor ?? null,
          status: u.status,
        })),
      )
      .returning();
    await tx.insert(unitStatusHistory).values(
      rows.map((r) => ({
        organizationId,
        unitId: r.id,
        fromStatus: null,
        toStatus: r.status,
        reason: "imported",
        actorLabel: actor.label,
      })),
    );
    for (const r of rows) byNumber.set(r.number, r);
  }
  s.units.created += fresh.length;
  for (const u of list) {
    const cur = byNumber.get(u.number)!;
    if (fresh.includes(u)) continue;
    const busy = cur.status === "reserved" || cur.status === "occupied";
    const patch = changedFields(cur, { unitTypeId, floor: u.floor ?? null });
    if (busy && (patch.unitTypeId || cur.status !== u.status)) {
      s.warnings.push(`Unit ${u.number} at ${slug} is ${cur.status}; its type and status were left as they are.`);
      delete patch.unitTypeId;
    }
    const statusChange = !busy && cur.status !== u.status;
    if (Object.keys(patch).length)
      await tx
        .update(unit)
        .set(patch)
        .where(and(eq(unit.organizationId, organizationId), eq(unit.id, cur.id)));
    if (statusChange) await writeUnitStatus(tx, organizationId, actor, cur.id, cur.status, u.status, "imported");
    if (Object.keys(patch).length || statusChange) s.units.updated++;
    else s.units.unchanged++;
  }
  if (fresh.length)
    await recordAudit(tx, {
      organizationId,
      actor,
      action: "unit.bulk_created",
      targetType: "unit_type",
      targetId: unitTypeId,
      data: { created: fresh.length, via: "import" },
    });
}

const NAMED = { promotion, fee, protection_plan: protectionPlan } as const;

async function upsertByName(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  kind: keyof typeof NAMED,
  data: { name: string } & Record<string, unknown>,
  t: Tally,
) {
  const table = NAMED[kind];
  const [cur] = (await tx
    .select()
    .from(table)
    .where(and(eq(table.organizationId, organizationId), eq(table.name, data.name)))) as Record<string, unknown>[];
  if (!cur) {
    const rows = (await tx
      .insert(table)
      .values({ ...data, organizationId } as never)
      .returning({ id: table.id })) as { id: string }[];
    t.created++;
    await recordAudit(tx, {
      organizationId,
      actor,
      action: `${kind}.created`,
      targetType: kind,
      targetId: rows[0]!.id,
      data: { name: data.name, via: "import" },
    });
    return;
  }
  const diff = changedFields(cur, data);
  if (!Object.keys(diff).length) return void t.unchanged++;
  await tx
    .update(table)
    .set(diff as never)
    .where(and(eq(table.organizationId, organizationId), eq(table.id, cur.id as string)));
  t.updated++;
  await recordAudit(tx, {
    organizationId,
    actor,
    action: `${kind}.updated`,
    targetType: kind,
    targetId: cur.id as string,
    data: { fields: Object.keys(diff), via: "import" },
  });
}

async function upsertKnowledgeBase(
  tx: Executor,
  organizationId: string,
  facilityId: string | null,
  entries: ImportFile["knowledgeBase"],
  s: ImportSummary,
) {
  if (!entries.length) return;
  const existing = await tx
    .select()
    .from(knowledgeBaseEntry)
    .where(eq(knowledgeBaseEntry.organizationId, organizationId));
  for (const e of entries) {
    const cur = existing.find((x) => x.facilityId === facilityId && x.kind === e.kind && x.question === e.question);
    if (!cur) {
      await tx.insert(knowledgeBaseEntry).values({ organizationId, facilityId, ...e });
      s.knowledgeBase.created++;
    } else {
      const diff = changedFields(cur, {
        answer: e.answer,
        questionEs: e.questionEs,
        answerEs: e.answerEs,
        tags: e.tags,
      });
      if (Object.keys(diff).length) {
        await tx
          .update(knowledgeBaseEntry)
          .set(diff)
          .where(and(eq(knowledgeBaseEntry.organizationId, organizationId), eq(knowledgeBaseEntry.id, cur.id)));
        s.knowledgeBase.updated++;
      } else s.knowledgeBase.unchanged++;
    }
  }
}

/** Applies a units CSV: facilities and unit types must already exist (by slug and name). */
export async function applyUnitsCsv(tx: Executor, organizationId: string, actor: Actor, rows: UnitCsvRow[]) {
  const s: ImportSummary = {
    facilities: tally(),
    closures: tally(),
    knowledgeBase: tally(),
    unitTypes: tally(),
    units: tally(),
    promotions: tally(),
    fees: tally(),
    protectionPlans: tally(),
    warnings: [],
  };
  const slugs = [...new Set(rows.map((r) => r.facility))];
  const facilities = slugs.length
    ? await tx
        .select()
        .from(facility)
        .where(and(eq(facility.organizationId, organizationId), inArray(facility.slug, slugs)))
    : [];
  const problems: { line: number; field: string; message: string }[] = [];
  for (const slug of slugs) {
    const f = facilities.find((x) => x.slug === slug);
    if (!f) {
      rows.forEach(
        (r) =>
          r.facility === slug &&
          problems.push({ line: r.line, field: "facility", message: `No facility with slug "${slug}".` }),
      );
      continue;
    }
    const types = await tx
      .select()
      .from(unitType)
      .where(and(eq(unitType.organizationId, organizationId), eq(unitType.facilityId, f.id)));
    const existing = await tx
      .select()
      .from(unit)
      .where(and(eq(unit.organizationId, organizationId), eq(unit.facilityId, f.id)));
    const byNumber = new Map(existing.map((u) => [u.number, u]));
    const byType = new Map<string, { number: string; floor: number | null; status: "available" | "unavailable" }[]>();
    rows.forEach((r) => {
      if (r.facility !== slug) return;
      const t = types.find((x) => x.name === r.unit_type);
      if (!t)
        return void problems.push({
          line: r.line,
          field: "unit_type",
          message: `No unit type "${r.unit_type}" at ${slug}.`,
        });
      byType.set(t.id, [...(byType.get(t.id) ?? []), { number: r.number, floor: r.floor, status: r.status }]);
    });
    if (problems.length) continue;
    for (const [typeId, list] of byType)
      await upsertUnits(tx, organizationId, actor, slug, f.id, typeId, list, byNumber, s);
  }
  return problems.length ? { ok: false as const, issues: problems } : { ok: true as const, summary: s };
}
