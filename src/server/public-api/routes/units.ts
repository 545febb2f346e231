import { and, eq, gte } from "drizzle-orm";
import { z } from "zod";

import { unit, UNIT_STATUSES } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";

import { facilityIdFilter, sinceDate, updatedSince, ZIdParams } from "../filters";
import { cursorMicros } from "@/server/read-model/cursor";

import { keyset, page, pageWhere, ZPage, ZPageQuery } from "../pagination";
import { defineRoute } from "../route";
import { ZUnit } from "@/server/read-model/schemas";
import { toUnit } from "@/server/read-model/serializers";

export const unitRoutes = [
  defineRoute({
    method: "GET",
    path: "/units",
    operationId: "listUnits",
    tag: "Inventory",
    summary: "List units",
    query: ZPageQuery.extend({
      facility_id: facilityIdFilter,
      unit_type_id: z.uuid().optional().describe("Only units of this type."),
      status: z.enum(UNIT_STATUSES).optional(),
      updated_since: updatedSince,
    }),
    response: ZPage(ZUnit, "UnitPage"),
    handler: async ({ tx, organizationId, query }) => {
      const ks = keyset(unit.createdAt, unit.id, query.cursor);
      const since = sinceDate(query.updated_since);
      const rows = await tx
        .select({ u: unit, cursorMicros: cursorMicros(unit.createdAt), id: unit.id })
        .from(unit)
        .where(
          pageWhere(
            eq(unit.organizationId, organizationId),
            query.facility_id ? eq(unit.facilityId, query.facility_id) : undefined,
            query.unit_type_id ? eq(unit.unitTypeId, query.unit_type_id) : undefined,
            query.status ? eq(unit.status, query.status) : undefined,
            since && gte(unit.updatedAt, since),
            ks.where,
          ),
        )
        .orderBy(...ks.orderBy)
        .limit(query.limit + 1);
      return page(rows, query.limit, (r) => toUnit(r.u));
    },
  }),
  defineRoute({
    method: "GET",
    path: "/units/{id}",
    operationId: "getUnit",
    tag: "Inventory",
    summary: "Get a unit",
    params: ZIdParams,
    response: ZUnit,
    handler: async ({ tx, organizationId, params }) => {
      const [row] = await tx
        .select()
        .from(unit)
        .where(and(eq(unit.organizationId, organizationId), eq(unit.id, params.id)));
      if (!row) throw notFound("Unit");
      return toUnit(row);
    },
  }),
];
