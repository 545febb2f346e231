import { and, eq, gte } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import { unitType } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";
import { getAvailability, type UnitTypeAvailability } from "@/server/domain/inventory/availability";
import { quoteUnitType } from "@/server/domain/quotes/quote-unit-type";

import { facilityIdFilter, sinceDate, updatedSince, ZIdParams } from "../filters";
import { cursorMicros } from "@/server/read-model/cursor";

import { keyset, page, pageWhere, ZPage, ZPageQuery } from "../pagination";
import { defineRoute } from "../route";
import { ZUnitType } from "@/server/read-model/schemas";
import { toUnitType } from "@/server/read-model/serializers";

type UnitTypeRow = typeof unitType.$inferSelect;

/**
 * Rates and availability come from the domain services (availability counts, the pricing engine),
 * so the API quotes exactly what the agent and dashboard quote.
 */
async function present(tx: Transaction, organizationId: string, rows: UnitTypeRow[]) {
  const byFacility = new Map<string, UnitTypeAvailability[]>();
  for (const facilityId of new Set(rows.map((r) => r.facilityId)))
    byFacility.set(facilityId, await getAvailability(tx, organizationId, { facilityId }));
  const out = [];
  for (const ut of rows) {
    const availability = byFacility.get(ut.facilityId)?.find((a) => a.unitTypeId === ut.id);
    const quote = await quoteUnitType(tx, organizationId, { unitTypeId: ut.id, channel: "web" });
    out.push(toUnitType(ut, availability, quote));
  }
  return out;
}

/** One page of unit type rows (GraphQL computes price and availability only for the fields asked for). */
export async function listUnitTypeRows(
  tx: Transaction,
  organizationId: string,
  query: { limit: number; cursor?: string; facility_id?: string; updated_since?: string },
) {
  const ks = keyset(unitType.createdAt, unitType.id, query.cursor);
  const since = sinceDate(query.updated_since);
  const rows = await tx
    .select({ ut: unitType, cursorMicros: cursorMicros(unitType.createdAt), id: unitType.id })
    .from(unitType)
    .where(
      pageWhere(
        eq(unitType.organizationId, organizationId),
        query.facility_id ? eq(unitType.facilityId, query.facility_id) : undefined,
        since && gte(unitType.updatedAt, since),
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(query.limit + 1);
  return page(rows, query.limit, (r) => r.ut);
}

export const ZListUnitTypesQuery = ZPageQuery.extend({ facility_id: facilityIdFilter, updated_since: updatedSince });

export const unitTypeRoutes = [
  defineRoute({
    method: "GET",
    path: "/unit-types",
    operationId: "listUnitTypes",
    tag: "Inventory",
    summary: "List unit types with current rates and availability",
    query: ZListUnitTypesQuery,
    response: ZPage(ZUnitType, "UnitTypePage"),
    handler: async ({ tx, organizationId, query }) => {
      const result = await listUnitTypeRows(tx, organizationId, query);
      return { ...result, data: await present(tx, organizationId, result.data) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/unit-types/{id}",
    operationId: "getUnitType",
    tag: "Inventory",
    summary: "Get a unit type with its current rate and availability",
    params: ZIdParams,
    response: ZUnitType,
    handler: async ({ tx, organizationId, params }) => {
      const [row] = await tx
        .select()
        .from(unitType)
        .where(and(eq(unitType.organizationId, organizationId), eq(unitType.id, params.id)));
      if (!row) throw notFound("Unit type");
      const [out] = await present(tx, organizationId, [row]);
      return out!;
    },
  }),
];
