import { createHash } from "node:crypto";

import { and, eq, inArray, sql } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import {
  facility,
  PMS_PROVIDER_NAMES,
  pmsFacilityMap,
  pmsLink,
  promotion,
  unit,
  unitStatusHistory,
  unitType,
  type PmsLinkKind,
  type PmsProvider,
  type UnitStatus,
} from "@/server/db/schema";
import type { PmsInventory } from "@/server/integrations/pms/types";

/**
 * Applies what a PMS pull returned to our tables, PMS wins: each record is hashed as mapped, and a
 * row whose link carries the same hash is skipped, so a sync over thousands of unchanged units
 * writes nothing. New records are inserted (adopting a row of ours with the same facility and
 * name/number, so linking an existing facility does not duplicate its inventory), changed ones
 * updated in batches. A full sync also retires what the PMS no longer has (units unavailable, unit
 * types inactive; never deleted: reservations and rentals point at them).
 *
 * One rule bends "PMS wins": a unit we hold under an active reservation stays reserved when the PMS
 * still calls it available, because our write-back of that hold may be pending (the PMS was slow):
 * releasing it would let a second caller book the same unit here.
 */
export interface ApplyResult {
  pulled: number;
  changed: number;
  created: Record<string, number>;
  updated: Record<string, number>;
  retired: number;
}

const hashOf = (value: unknown) => createHash("sha1").update(JSON.stringify(value)).digest("base64url");
const BATCH = 1000;

function chunks<T>(items: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function slugify(name: string) {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 50) || "facility"
  );
}

interface Ctx {
  tx: Executor;
  organizationId: string;
  connectionId: string;
  links: Map<string, { localId: string; contentHash: string | null }>;
  pendingLinks: { kind: PmsLinkKind; externalId: string; localId: string; contentHash: string }[];
}

const key = (kind: PmsLinkKind, externalId: string) => `${kind}|${externalId}`;

async function loadLinks(tx: Executor, organizationId: string, connectionId: string) {
  const rows = await tx
    .select({
      kind: pmsLink.kind,
      externalId: pmsLink.externalId,
      localId: pmsLink.localId,
      contentHash: pmsLink.contentHash,
    })
    .from(pmsLink)
    .where(and(eq(pmsLink.organizationId, organizationId), eq(pmsLink.connectionId, connectionId)));
  return new Map(rows.map((r) => [key(r.kind, r.externalId), { localId: r.localId, contentHash: r.contentHash }]));
}

async function flushLinks(c: Ctx) {
  for (const batch of chunks(c.pendingLinks)) {
    await c.tx
      .insert(pmsLink)
      .values(batch.map((l) => ({ ...l, organizationId: c.organizationId, connectionId: c.connectionId })))
      .onConflictDoUpdate({
        target: [pmsLink.connectionId, pmsLink.kind, pmsLink.externalId],
        set: { localId: sql`excluded.local_id`, contentHash: sql`excluded.content_hash`, syncedAt: sql`now()` },
      });
  }
  c.pendingLinks = [];
}

export async function applyInventory(
  tx: Executor,
  organizationId: string,
  conn: { id: string; provider: PmsProvider },
  inv: PmsInventory,
  opts: { full: boolean },
): Promise<ApplyResult> {
  const c: Ctx = {
    tx,
    organizationId,
    connectionId: conn.id,
    links: await loadLinks(tx, organizationId, conn.id),
    pendingLinks: [],
  };
  const label = `${PMS_PROVIDER_NAMES[conn.provider]} sync`;
  const result: ApplyResult = {
    pulled: inv.facilities.length + inv.unitTypes.length + inv.units.length + inv.promotions.length,
    changed: 0,
    created: {},
    updated: {},
    retired: 0,
  };
  const bump = (what: "created" | "updated", kind: string, n = 1) => {
    result[what][kind] = (result[what][kind] ?? 0) + n;
    result.changed += n;
  };

  // Facilities: the mapping first (an operator may have linked one of ours), then the link's hash.
  const maps = await tx
    .select({ externalId: pmsFacilityMap.externalId, facilityId: pmsFacilityMap.facilityId })
    .from(pmsFacilityMap)
    .where(and(eq(pmsFacilityMap.organizationId, organizationId), eq(pmsFacilityMap.connectionId, conn.id)));
  const facilityOf = new Map(maps.map((m) => [m.externalId, m.facilityId]));
  for (const f of inv.facilities) {
    const fields = {
      name: f.name,
      addressLine1: f.addressLine1,
      city: f.city,
      state: f.state,
      postalCode: f.postalCode,
      country: f.country,
      phone: f.phone,
      ...(f.timeZone ? { timeZone: f.timeZone } : {}),
    };
    const hash = hashOf(fields);
    let localId = facilityOf.get(f.externalId);
    const link = c.links.get(key("facility", f.externalId));
    if (!localId) {
      const slug = `${slugify(f.name)}-${createHash("sha1").update(`${conn.id}:${f.externalId}`).digest("hex").slice(0, 6)}`;
      const [row] = await tx
        .insert(facility)
        .values({ organizationId, slug, ...fields })
        .onConflictDoUpdate({ target: [facility.organizationId, facility.slug], set: fields })
        .returning({ id: facility.id });
      localId = row!.id;
      await tx
        .insert(pmsFacilityMap)
        .values({ organizationId, connectionId: conn.id, externalId: f.externalId, facilityId: localId });
      facilityOf.set(f.externalId, localId);
      bump("created", "facility");
    } else if (link?.contentHash !== hash) {
      await tx
        .update(facility)
        .set(fields)
        .where(and(eq(facility.organizationId, organizationId), eq(facility.id, localId)));
      bump("updated", "facility");
    }
    if (link?.contentHash !== hash || link.localId !== localId)
      c.pendingLinks.push({ kind: "facility", externalId: f.externalId, localId, contentHash: hash });
  }
  // Facilities we know from earlier syncs (an incremental pull may not list them).
  for (const m of maps) facilityOf.set(m.externalId, m.facilityId);

  // Unit types.
  const typeOf = new Map<string, string>();
  for (const [k, v] of c.links) if (k.startsWith("unit_type|")) typeOf.set(k.slice("unit_type|".length), v.localId);
  const newTypes: (typeof inv.unitTypes)[number][] = [];
  const changedTypes: { id: string; t: (typeof inv.unitTypes)[number]; hash: string }[] = [];
  for (const t of inv.unitTypes) {
    if (!facilityOf.has(t.facilityExternalId)) continue;
    const hash = hashOf(t);
    const link = c.links.get(key("unit_type", t.externalId));
    if (!link) newTypes.push(t);
    else if (link.contentHash !== hash) changedTypes.push({ id: link.localId, t, hash });
  }
  const typeValues = (t: (typeof inv.unitTypes)[number]) => ({
    name: t.name,
    widthFt: t.widthFt,
    lengthFt: t.lengthFt,
    heightFt: t.heightFt,
    features: t.features,
    streetRateCents: t.streetRateCents,
    webRateCents: t.webRateCents,
    active: t.active,
  });
  for (const batch of chunks(newTypes)) {
    const rows = await tx
      .insert(unitType)
      .values(
        batch.map((t) => ({ organizationId, facilityId: facilityOf.get(t.facilityExternalId)!, ...typeValues(t) })),
      )
      .onConflictDoUpdate({
        target: [unitType.facilityId, unitType.name],
        set: {
          widthFt: sql`excluded.width_ft`,
          lengthFt: sql`excluded.length_ft`,
          heightFt: sql`excluded.height_ft`,
          features: sql`excluded.features`,
          streetRateCents: sql`excluded.street_rate_cents`,
          webRateCents: sql`excluded.web_rate_cents`,
          active: sql`excluded.active`,
        },
      })
      .returning({ id: unitType.id, facilityId: unitType.facilityId, name: unitType.name });
    const byName = new Map(rows.map((r) => [`${r.facilityId}|${r.name}`, r.id]));
    for (const t of batch) {
      const id = byName.get(`${facilityOf.get(t.facilityExternalId)}|${t.name}`)!;
      typeOf.set(t.externalId, id);
      c.pendingLinks.push({ kind: "unit_type", externalId: t.externalId, localId: id, contentHash: hashOf(t) });
    }
    bump("created", "unit_type", batch.length);
  }
  for (const { id, t, hash } of changedTypes) {
    await tx
      .update(unitType)
      .set(typeValues(t))
      .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, id)));
    c.pendingLinks.push({ kind: "unit_type", externalId: t.externalId, localId: id, contentHash: hash });
  }
  if (changedTypes.length) bump("updated", "unit_type", changedTypes.length);

  // Units: new ones inserted in batches, changed ones updated in batches from a VALUES list.
  const newUnits: (typeof inv.units)[number][] = [];
  const changedUnits: { id: string; u: (typeof inv.units)[number]; hash: string }[] = [];
  for (const u of inv.units) {
    const typeId = typeOf.get(u.unitTypeExternalId);
    if (!typeId || !facilityOf.has(u.facilityExternalId)) continue;
    const hash = hashOf(u);
    const link = c.links.get(key("unit", u.externalId));
    if (!link) newUnits.push(u);
    else if (link.contentHash !== hash) changedUnits.push({ id: link.localId, u, hash });
  }
  for (const batch of chunks(newUnits)) {
    const rows = await tx
      .insert(unit)
      .values(
        batch.map((u) => ({
          organizationId,
          facilityId: facilityOf.get(u.facilityExternalId)!,
          unitTypeId: typeOf.get(u.unitTypeExternalId)!,
          number: u.number,
          status: u.status,
          floor: u.floor,
        })),
      )
      .onConflictDoUpdate({
        target: [unit.facilityId, unit.number],
        set: { unitTypeId: sql`excluded.unit_type_id`, floor: sql`excluded.floor` },
      })
      .returning({ id: unit.id, facilityId: unit.facilityId, number: unit.number });
    const byNumber = new Map(rows.map((r) => [`${r.facilityId}|${r.number}`, r.id]));
    const adopted = batch.map((u) => ({ u, id: byNumber.get(`${facilityOf.get(u.facilityExternalId)}|${u.number}`)! }));
    // Adopted rows of ours take the PMS's status through the same path as a change.
    await updateUnits(
      c,
      adopted.map(({ u, id }) => ({ id, u, hash: hashOf(u) })),
      label,
      true,
    );
    bump("created", "unit", batch.length);
  }
  if (changedUnits.length) {
    await updateUnits(c, changedUnits, label, false);
    bump("updated", "unit", changedUnits.length);
  }

  // Promotions (Stora coupons): organization-wide, matched by name when one of ours exists.
  for (const p of inv.promotions) {
    const hash = hashOf(p);
    const link = c.links.get(key("promotion", p.externalId));
    if (link?.contentHash === hash) continue;
    const values = { name: p.name, kind: p.kind, value: p.value, months: p.months, active: true };
    const [row] = link
      ? await tx
          .update(promotion)
          .set(values)
          .where(and(eq(promotion.organizationId, organizationId), eq(promotion.id, link.localId)))
          .returning({ id: promotion.id })
      : await tx
          .insert(promotion)
          .values({ organizationId, ...values })
          .onConflictDoUpdate({ target: [promotion.organizationId, promotion.name], set: values })
          .returning({ id: promotion.id });
    if (!row) continue;
    c.pendingLinks.push({ kind: "promotion", externalId: p.externalId, localId: row.id, contentHash: hash });
    bump(link ? "updated" : "created", "promotion");
  }

  if (opts.full) result.retired = await retireMissing(c, inv, label);
  await flushLinks(c);
  if (result.changed > 0 || result.retired > 0)
    await recordAudit(tx, {
      organizationId,
      actor: { label },
      action: "pms.synced",
      targetType: "pms_connection",
      targetId: conn.id,
      data: { full: opts.full, created: result.created, updated: result.updated, retired: result.retired },
    });
  return result;
}

/**
 * Batched unit updates. The status keeps an active hold of ours (see the file comment); every real
 * status change gets its history row, in the same statement.
 */
async function updateUnits(
  c: Ctx,
  items: { id: string; u: PmsInventory["units"][number]; hash: string }[],
  label: string,
  adoptingOnly: boolean,
) {
  for (const batch of chunks(items)) {
    if (batch.length === 0) continue;
    const values = sql.join(
      batch.map(
        ({ id, u }) =>
          sql`(${id}::uuid, ${u.number}::text, ${u.status}::text, ${c.links.get(key("unit_type", u.unitTypeExternalId))?.localId ?? null}::uuid, ${u.floor}::integer)`,
      ),
      sql`, `,
    );
    await c.tx.execute(sql`
      with v(id, number, status, unit_type_id, floor) as (values ${values}),
      old as (
        select u.id, u.status from ${unit} u join v on v.id = u.id
        where u.organization_id = ${c.organizationId} for update of u
      ),
      next as (
        select v.*, old.status as from_status,
          case when v.status = 'available' and exists (
            select 1 from ${sql.raw('"reservation"')} r where r.unit_id = v.id and r.status = 'active'
          ) then 'reserved' else v.status end as to_status
        from v join old on old.id = v.id
      ),
      updated as (
        update ${unit} u set
          number = ${adoptingOnly ? sql`u.number` : sql`next.number`},
          status = next.to_status,
          unit_type_id = coalesce(next.unit_type_id, u.unit_type_id),
          floor = next.floor,
          updated_at = now()
        from next where u.id = next.id and u.organization_id = ${c.organizationId}
        returning u.id
      )
      insert into ${unitStatusHistory} (organization_id, unit_id, from_status, to_status, reason, actor_label)
      select ${c.organizationId}, next.id, next.from_status, next.to_status, ${`${label}`}, ${label}
      from next where next.from_status is distinct from next.to_status`);
    for (const { id, u, hash } of batch)
      c.pendingLinks.push({ kind: "unit", externalId: u.externalId, localId: id, contentHash: hash });
  }
}

/** Full sync only: units and unit types the PMS no longer lists are taken out of sale, never deleted. */
async function retireMissing(c: Ctx, inv: PmsInventory, label: string): Promise<number> {
  const seenUnits = new Set(inv.units.map((u) => u.externalId));
  const seenTypes = new Set(inv.unitTypes.map((t) => t.externalId));
  const goneUnits: string[] = [];
  const goneTypes: string[] = [];
  for (const [k, v] of c.links) {
    const [kind, externalId] = [k.slice(0, k.indexOf("|")), k.slice(k.indexOf("|") + 1)];
    if (kind === "unit" && !seenUnits.has(externalId)) goneUnits.push(v.localId);
    if (kind === "unit_type" && !seenTypes.has(externalId)) goneTypes.push(v.localId);
  }
  let retired = 0;
  for (const batch of chunks(goneUnits)) {
    const rows = await c.tx
      .update(unit)
      .set({ status: "unavailable" satisfies UnitStatus })
      .where(and(eq(unit.organizationId, c.organizationId), inArray(unit.id, batch), sql`${unit.status} = 'available'`))
      .returning({ id: unit.id });
    if (rows.length)
      await c.tx.insert(unitStatusHistory).values(
        rows.map((r) => ({
          organizationId: c.organizationId,
          unitId: r.id,
          fromStatus: "available" as const,
          toStatus: "unavailable" as const,
          reason: `no longer in ${label.replace(/ sync$/, "")}`,
          actorLabel: label,
        })),
      );
    retired += rows.length;
  }
  for (const batch of chunks(goneTypes)) {
    const rows = await c.tx
      .update(unitType)
      .set({ active: false })
      .where(and(eq(unitType.organizationId, c.organizationId), inArray(unitType.id, batch), eq(unitType.active, true)))
      .returning({ id: unitType.id });
    retired += rows.length;
  }
  return retired;
}
