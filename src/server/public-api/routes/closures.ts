import { eq, gte } from "drizzle-orm";
import { z } from "zod";

import type { Transaction } from "@/server/db/client";
import { facilityClosure } from "@/server/db/schema";
import {
  addFacilityClosure,
  deleteFacilityClosure,
  getFacilityClosure,
  updateFacilityClosure,
} from "@/server/domain/facilities/facility-closure";
import { ZClosure } from "@/server/domain/facilities/set-closures";
import { isoDate } from "@/lib/zod-dates";
import { cursorMicros } from "@/server/read-model/cursor";
import { ZDeleted, ZFacilityClosure } from "@/server/read-model/schemas";
import { toClosure } from "@/server/read-model/serializers";

import { assertReferences } from "../assert-references";
import { facilityIdFilter, sinceDate, updatedSince, ZIdParams } from "../filters";
import { keyset, page, pageWhere, ZPage, ZPageQuery } from "../pagination";
import { defineRoute } from "../route";

/**
 * A facility's dated closures (holidays), under the dashboard's rules (ZClosure: a real date, a
 * reason of at most 200 characters, an optional Spanish reason where blank is none), one at a time.
 */
const rules = ZClosure.shape;
const REASON_ES = "Said to Spanish callers; null or blank: none (the English reason after a short Spanish lead-in).";

export const ZCreateClosure = z
  .object({
    facility_id: z.uuid(),
    date: rules.date.describe("YYYY-MM-DD in the facility's time zone; at most one closure a day (409 otherwise)."),
    reason: rules.reason.describe("Said to callers, e.g. Christmas Day."),
    reason_es: rules.reasonEs.describe(REASON_ES),
  })
  .strict()
  .meta({ id: "CreateClosure" });

export const ZUpdateClosure = z
  .object({
    date: rules.date.optional(),
    reason: rules.reason.unwrap().optional(),
    reason_es: rules.reasonEs.optional().describe(REASON_ES),
  })
  .strict()
  .meta({ id: "UpdateClosure" });

export const ZListClosuresQuery = ZPageQuery.extend({
  facility_id: facilityIdFilter,
  from_date: isoDate().optional().describe("Only closures on or after this day (YYYY-MM-DD), e.g. today's."),
  updated_since: updatedSince,
});

/** One page of closures, newest first (GraphQL's connection runs it too). */
export async function listClosures(
  tx: Transaction,
  organizationId: string,
  query: z.output<typeof ZListClosuresQuery>,
) {
  const ks = keyset(facilityClosure.createdAt, facilityClosure.id, query.cursor);
  const since = sinceDate(query.updated_since);
  const rows = await tx
    .select({ c: facilityClosure, cursorMicros: cursorMicros(facilityClosure.createdAt), id: facilityClosure.id })
    .from(facilityClosure)
    .where(
      pageWhere(
        eq(facilityClosure.organizationId, organizationId),
        query.facility_id ? eq(facilityClosure.facilityId, query.facility_id) : undefined,
        query.from_date ? gte(facilityClosure.date, query.from_date) : undefined,
        since && gte(facilityClosure.updatedAt, since),
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(query.limit + 1);
  return page(rows, query.limit, (r) => toClosure(r.c));
}

const TAG = "Facilities";

export const closureRoutes = [
  defineRoute({
    method: "GET",
    path: "/closures",
    operationId: "listClosures",
    tag: TAG,
    summary: "List dated closures (holidays)",
    query: ZListClosuresQuery,
    response: ZPage(ZFacilityClosure, "ClosurePage"),
    handler: ({ tx, organizationId, query }) => listClosures(tx, organizationId, query),
  }),
  defineRoute({
    method: "GET",
    path: "/closures/{id}",
    operationId: "getClosure",
    tag: TAG,
    summary: "Get a closure",
    params: ZIdParams,
    response: ZFacilityClosure,
    handler: async ({ tx, organizationId, params }) =>
      toClosure(await getFacilityClosure(tx, organizationId, params.id)),
  }),
  defineRoute({
    method: "POST",
    path: "/closures",
    operationId: "createClosure",
    idempotent: true,
    tag: TAG,
    summary: "Close a facility on a date",
    description: "409 conflict when the facility already has a closure that day: change that one instead.",
    body: ZCreateClosure,
    response: ZFacilityClosure,
    statuses: [201],
    handler: async ({ tx, organizationId, actor, body }) => {
      await assertReferences(tx, organizationId, body);
      const row = await addFacilityClosure(tx, organizationId, actor, body.facility_id, {
        date: body.date,
        reason: body.reason,
        reasonEs: body.reason_es,
      });
      return toClosure(row);
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/closures/{id}",
    operationId: "updateClosure",
    tag: TAG,
    summary: "Update a closure",
    description:
      "Changes only the fields given. A null or blank reason_es removes the Spanish reason. Moving it to a day that already has a closure is a 409.",
    params: ZIdParams,
    body: ZUpdateClosure,
    response: ZFacilityClosure,
    handler: async ({ tx, organizationId, actor, params, body }) =>
      toClosure(
        await updateFacilityClosure(tx, organizationId, actor, params.id, {
          date: body.date,
          reason: body.reason,
          reasonEs: body.reason_es,
        }),
      ),
  }),
  defineRoute({
    method: "DELETE",
    path: "/closures/{id}",
    operationId: "deleteClosure",
    tag: TAG,
    summary: "Delete a closure (the facility opens that day as usual)",
    params: ZIdParams,
    response: ZDeleted,
    handler: async ({ tx, organizationId, actor, params }) => {
      await deleteFacilityClosure(tx, organizationId, actor, params.id);
      return { id: params.id, deleted: true as const };
    },
  }),
];
