import { eq, gte } from "drizzle-orm";
import { z } from "zod";

import { customer, lead, LEAD_SOURCES, LEAD_STATUSES } from "@/server/db/schema";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { changeLeadStatus } from "@/server/domain/leads/change-lead-status";
import { updateLead } from "@/server/domain/leads/update-lead";

import { e164Filter, facilityIdFilter, phoneFilter, sinceDate, updatedSince, ZIdParams } from "../filters";
import { assertReferences } from "../assert-references";
import { loadLeadJson, selectLeads } from "@/server/read-model/lead";
import { keyset, page, pageWhere, ZPage, ZPageQuery } from "../pagination";
import { defineRoute, withStatus } from "../route";
import { ZLead } from "@/server/read-model/schemas";
import { toLead } from "@/server/read-model/serializers";
import { isoDate, isoDateTime } from "@/lib/zod-dates";

const details = {
  facility_id: z.uuid().nullable().optional(),
  desired_width: z.number().int().positive().max(500).nullable().optional(),
  desired_length: z.number().int().positive().max(500).nullable().optional(),
  desired_unit_type_id: z.uuid().nullable().optional(),
  desired_move_in_date: isoDate().nullable().optional(),
  notes: z.string().max(8000).nullable().optional(),
  next_follow_up_at: isoDateTime().nullable().optional(),
  score: z.number().int().min(0).max(100).optional(),
};

export const ZCreateLead = z
  .object({
    source: z.enum(LEAD_SOURCES).describe("Where the lead came from."),
    name: z.string().max(200).optional(),
    phone: z.string().max(40).nullable().optional().describe("Any common format; stored as E.164."),
    email: z.string().max(254).nullable().optional(),
    ...details,
  })
  .strict()
  .meta({
    id: "CreateLead",
    description:
      "A phone number or an e-mail address is required. A lead for the same person (same phone or e-mail) is merged, not duplicated.",
  });

export const ZUpdateLead = z
  .object({
    status: z.enum(LEAD_STATUSES).optional(),
    lost_reason: z.string().max(500).nullable().optional().describe("Required when status is lost."),
    ...details,
  })
  .strict()
  .meta({ id: "UpdateLead" });

/** snake_case request fields to the domain's camelCase lead details, leaving absent fields absent. */
function leadDetails(b: z.output<typeof ZUpdateLead> | z.output<typeof ZCreateLead>) {
  const out = {
    facilityId: b.facility_id,
    desiredWidthFt: b.desired_width,
    desiredLengthFt: b.desired_length,
    desiredUnitTypeId: b.desired_unit_type_id,
    desiredMoveInDate: b.desired_move_in_date,
    notes: b.notes,
    nextFollowUpAt:
      b.next_follow_up_at === undefined
        ? undefined
        : b.next_follow_up_at === null
          ? null
          : new Date(b.next_follow_up_at),
    score: b.score,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Partial<typeof out>;
}

export const leadRoutes = [
  defineRoute({
    method: "GET",
    path: "/leads",
    operationId: "listLeads",
    tag: "Leads",
    summary: "List leads",
    query: ZPageQuery.extend({
      phone: phoneFilter,
      status: z.enum(LEAD_STATUSES).optional(),
      facility_id: facilityIdFilter,
      updated_since: updatedSince,
    }),
    response: ZPage(ZLead, "LeadPage"),
    handler: async ({ tx, organizationId, query }) => {
      const ks = keyset(lead.createdAt, lead.id, query.cursor);
      const phone = e164Filter(query.phone);
      const since = sinceDate(query.updated_since);
      const rows = await selectLeads(
        tx,
        pageWhere(
          eq(lead.organizationId, organizationId),
          phone ? eq(customer.phone, phone) : undefined,
          query.status ? eq(lead.status, query.status) : undefined,
          query.facility_id ? eq(lead.facilityId, query.facility_id) : undefined,
          since && gte(lead.updatedAt, since),
          ks.where,
        ),
      )
        .orderBy(...ks.orderBy)
        .limit(query.limit + 1);
      return page(rows, query.limit, (r) => toLead(r.l, r.c));
    },
  }),
  defineRoute({
    method: "GET",
    path: "/leads/{id}",
    operationId: "getLead",
    tag: "Leads",
    summary: "Get a lead",
    params: ZIdParams,
    response: ZLead,
    handler: ({ tx, organizationId, params }) => loadLeadJson(tx, organizationId, params.id),
  }),
  defineRoute({
    method: "POST",
    path: "/leads",
    operationId: "createLead",
    idempotent: true,
    tag: "Leads",
    summary: "Create a lead (or merge into the same person's lead)",
    description:
      "Answers 201 with a new lead, or 200 with the existing lead of the same person (matched by phone, then e-mail) after merging: new details fill in, notes are appended, a lost lead is reopened.",
    body: ZCreateLead,
    response: ZLead,
    statuses: [201, 200],
    handler: async ({ tx, organizationId, actor, body }) => {
      await assertReferences(tx, organizationId, body);
      const res = await captureLead(tx, organizationId, actor, {
        source: body.source,
        name: body.name,
        phone: body.phone,
        email: body.email,
        ...leadDetails(body),
      });
      return withStatus(res.created ? 201 : 200, await loadLeadJson(tx, organizationId, res.lead.id));
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/leads/{id}",
    operationId: "updateLead",
    tag: "Leads",
    summary: "Update a lead",
    description: "Changes only the fields given. Setting status to lost needs a lost_reason.",
    params: ZIdParams,
    body: ZUpdateLead,
    response: ZLead,
    handler: async ({ tx, organizationId, actor, params, body }) => {
      await loadLeadJson(tx, organizationId, params.id); // 404 before anything else
      await assertReferences(tx, organizationId, body);
      const patch = leadDetails(body);
      if (Object.keys(patch).length) await updateLead(tx, organizationId, actor, params.id, patch);
      if (body.status)
        await changeLeadStatus(tx, organizationId, actor, {
          leadId: params.id,
          status: body.status,
          lostReason: body.lost_reason,
        });
      return loadLeadJson(tx, organizationId, params.id);
    },
  }),
];
