import { eq, gte } from "drizzle-orm";

import { facility } from "@/server/db/schema";
import { getFacility } from "@/server/domain/facilities/list-facilities";

import { updatedSince, sinceDate, ZIdParams } from "../filters";
import { cursorMicros } from "@/server/read-model/cursor";

import { keyset, page, pageWhere, ZPage, ZPageQuery } from "../pagination";
import { defineRoute } from "../route";
import { ZFacility } from "@/server/read-model/schemas";
import { toFacility } from "@/server/read-model/serializers";

export const facilityRoutes = [
  defineRoute({
    method: "GET",
    path: "/facilities",
    operationId: "listFacilities",
    tag: "Facilities",
    summary: "List facilities",
    query: ZPageQuery.extend({ updated_since: updatedSince }),
    response: ZPage(ZFacility, "FacilityPage"),
    handler: async ({ tx, organizationId, query }) => {
      const ks = keyset(facility.createdAt, facility.id, query.cursor);
      const since = sinceDate(query.updated_since);
      const rows = await tx
        .select({ f: facility, cursorMicros: cursorMicros(facility.createdAt), id: facility.id })
        .from(facility)
        .where(
          pageWhere(eq(facility.organizationId, organizationId), since && gte(facility.updatedAt, since), ks.where),
        )
        .orderBy(...ks.orderBy)
        .limit(query.limit + 1);
      return page(rows, query.limit, (r) => toFacility(r.f));
    },
  }),
  defineRoute({
    method: "GET",
    path: "/facilities/{id}",
    operationId: "getFacility",
    tag: "Facilities",
    summary: "Get a facility",
    params: ZIdParams,
    response: ZFacility,
    handler: async ({ tx, organizationId, params }) => toFacility(await getFacility(tx, organizationId, params.id)),
  }),
];
