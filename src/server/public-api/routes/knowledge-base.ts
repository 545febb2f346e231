import { and, eq, exists, gte, isNull, or } from "drizzle-orm";
import { z } from "zod";

import type { Transaction } from "@/server/db/client";
import { facility, KB_KINDS, knowledgeBaseEntry } from "@/server/db/schema";
import {
  deleteKnowledgeBaseEntry,
  getKnowledgeBaseEntry,
  saveKnowledgeBaseEntry,
  ZKnowledgeBaseInput,
  type KnowledgeBaseInput,
} from "@/server/domain/facilities/knowledge-base";
import { cursorMicros } from "@/server/read-model/cursor";
import { ZDeleted, ZKnowledgeBaseEntry } from "@/server/read-model/schemas";
import { toKnowledgeBaseEntry } from "@/server/read-model/serializers";

import { assertReferences } from "../assert-references";
import { sinceDate, updatedSince, ZIdParams } from "../filters";
import { keyset, page, pageWhere, ZPage, ZPageQuery } from "../pagination";
import { defineRoute } from "../route";

/**
 * A facility's policies and FAQs, as the dashboard edits them: the same domain service
 * (saveKnowledgeBaseEntry) and the same field rules (ZKnowledgeBaseInput: lengths, the optional
 * Spanish question and answer, blank Spanish meaning none), in the API's snake_case names.
 */
const rules = ZKnowledgeBaseInput.shape;
const FACILITY_ID = "The facility it applies to; null (or omitted when creating): every facility of the organization.";
const QUESTION_ES = "The question in Spanish, matched against Spanish callers' words; null or blank: none.";
const ANSWER_ES =
  "The answer said to Spanish callers; null or blank: none (they hear the English answer after a short Spanish lead-in).";

export const ZCreateKnowledgeBaseEntry = z
  .object({
    facility_id: rules.facilityId.describe(FACILITY_ID),
    kind: rules.kind,
    question: rules.question.describe("The question, or the policy's title."),
    answer: rules.answer,
    question_es: rules.questionEs.describe(QUESTION_ES),
    answer_es: rules.answerEs.describe(ANSWER_ES),
    tags: rules.tags,
  })
  .strict()
  .meta({ id: "CreateKnowledgeBaseEntry" });

export const ZUpdateKnowledgeBaseEntry = z
  .object({
    facility_id: rules.facilityId.unwrap().optional().describe(FACILITY_ID),
    kind: rules.kind.optional(),
    question: rules.question.optional(),
    answer: rules.answer.optional(),
    question_es: rules.questionEs.optional().describe(QUESTION_ES),
    answer_es: rules.answerEs.optional().describe(ANSWER_ES),
    tags: rules.tags.unwrap().optional().describe("Replaces the tags."),
  })
  .strict()
  .meta({ id: "UpdateKnowledgeBaseEntry" });

/** The request's fields in the domain's names, leaving absent fields absent. */
function entryFields(b: z.output<typeof ZUpdateKnowledgeBaseEntry>): Partial<KnowledgeBaseInput> {
  const out = {
    facilityId: b.facility_id,
    kind: b.kind,
    question: b.question,
    answer: b.answer,
    questionEs: b.question_es,
    answerEs: b.answer_es,
    tags: b.tags,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

export const ZListKnowledgeBaseQuery = ZPageQuery.extend({
  facility_id: z
    .uuid()
    .optional()
    .describe("Only entries that apply to this facility: its own and the organization-wide ones (facility_id null)."),
  kind: z.enum(KB_KINDS).optional(),
  updated_since: updatedSince,
});

/** One page of entries, newest first (GraphQL's connection runs it too). */
export async function listKnowledgeBaseEntries(
  tx: Transaction,
  organizationId: string,
  query: z.output<typeof ZListKnowledgeBaseQuery>,
) {
  const kb = knowledgeBaseEntry;
  const ks = keyset(kb.createdAt, kb.id, query.cursor);
  const since = sinceDate(query.updated_since);
  // Organization-wide entries apply to a facility only when it is one of this organization's.
  const ownFacility = (id: string) =>
    exists(
      tx
        .select({ id: facility.id })
        .from(facility)
        .where(and(eq(facility.organizationId, organizationId), eq(facility.id, id))),
    );
  const rows = await tx
    .select({ k: kb, cursorMicros: cursorMicros(kb.createdAt), id: kb.id })
    .from(kb)
    .where(
      pageWhere(
        eq(kb.organizationId, organizationId),
        query.facility_id
          ? or(eq(kb.facilityId, query.facility_id), and(isNull(kb.facilityId), ownFacility(query.facility_id)))
          : undefined,
        query.kind ? eq(kb.kind, query.kind) : undefined,
        since && gte(kb.updatedAt, since),
        ks.where,
      ),
    )
    .orderBy(...ks.orderBy)
    .limit(query.limit + 1);
  return page(rows, query.limit, (r) => toKnowledgeBaseEntry(r.k));
}

const TAG = "Knowledge base";

export const knowledgeBaseRoutes = [
  defineRoute({
    method: "GET",
    path: "/knowledge-base-entries",
    operationId: "listKnowledgeBaseEntries",
    tag: TAG,
    summary: "List knowledge base entries (policies and FAQs the agent answers from)",
    query: ZListKnowledgeBaseQuery,
    response: ZPage(ZKnowledgeBaseEntry, "KnowledgeBaseEntryPage"),
    handler: ({ tx, organizationId, query }) => listKnowledgeBaseEntries(tx, organizationId, query),
  }),
  defineRoute({
    method: "GET",
    path: "/knowledge-base-entries/{id}",
    operationId: "getKnowledgeBaseEntry",
    tag: TAG,
    summary: "Get a knowledge base entry",
    params: ZIdParams,
    response: ZKnowledgeBaseEntry,
    handler: async ({ tx, organizationId, params }) =>
      toKnowledgeBaseEntry(await getKnowledgeBaseEntry(tx, organizationId, params.id)),
  }),
  defineRoute({
    method: "POST",
    path: "/knowledge-base-entries",
    operationId: "createKnowledgeBaseEntry",
    idempotent: true,
    tag: TAG,
    summary: "Create a knowledge base entry",
    description:
      "For one facility (facility_id) or, without one, for every facility of the organization. The Spanish question and answer are optional.",
    body: ZCreateKnowledgeBaseEntry,
    response: ZKnowledgeBaseEntry,
    statuses: [201],
    handler: async ({ tx, organizationId, actor, body }) => {
      await assertReferences(tx, organizationId, body);
      const row = await saveKnowledgeBaseEntry(tx, organizationId, actor, entryFields(body) as KnowledgeBaseInput);
      return toKnowledgeBaseEntry(row);
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/knowledge-base-entries/{id}",
    operationId: "updateKnowledgeBaseEntry",
    tag: TAG,
    summary: "Update a knowledge base entry",
    description:
      "Changes only the fields given. A null or blank question_es / answer_es removes the Spanish version; facility_id null makes the entry organization-wide.",
    params: ZIdParams,
    body: ZUpdateKnowledgeBaseEntry,
    response: ZKnowledgeBaseEntry,
    handler: async ({ tx, organizationId, actor, params, body }) => {
      const current = await getKnowledgeBaseEntry(tx, organizationId, params.id); // 404 before anything else
      await assertReferences(tx, organizationId, body);
      const patch = entryFields(body);
      if (!Object.keys(patch).length) return toKnowledgeBaseEntry(current);
      const { facilityId, kind, question, answer, questionEs, answerEs, tags } = current;
      const row = await saveKnowledgeBaseEntry(
        tx,
        organizationId,
        actor,
        { facilityId, kind, question, answer, questionEs, answerEs, tags, ...patch },
        params.id,
      );
      return toKnowledgeBaseEntry(row);
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/knowledge-base-entries/{id}",
    operationId: "deleteKnowledgeBaseEntry",
    tag: TAG,
    summary: "Delete a knowledge base entry",
    params: ZIdParams,
    response: ZDeleted,
    handler: async ({ tx, organizationId, actor, params }) => {
      await deleteKnowledgeBaseEntry(tx, organizationId, actor, params.id);
      return { id: params.id, deleted: true as const };
    },
  }),
];
