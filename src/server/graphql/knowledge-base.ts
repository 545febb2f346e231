import { builder } from "./builder";
import { connectionOf, FIRST_DESCRIPTION } from "./connection";
import { KnowledgeBaseKind } from "./enums";
import type { ClosureJson, KnowledgeBaseEntryJson } from "./loaders";
import { mutate } from "./mutations";
import { list, validId } from "./queries";
import { ConflictError, NotFoundError, runOperation, ValidationError } from "./rest-bridge";
import { Facility } from "./types";

/**
 * A facility's knowledge base (policies and FAQs the agent answers from) and dated closures, with
 * their optional Spanish text: the REST resources /knowledge-base-entries and /closures, whose
 * operations (and so the dashboard's domain rules) the lists and mutations here run. On a facility
 * they load through loaders, one statement per level whatever the number of facilities.
 */
const SPANISH_LEAD_IN = "they hear the English one after a short Spanish lead-in";

export const KnowledgeBaseEntry = builder.objectRef<KnowledgeBaseEntryJson>("KnowledgeBaseEntry").implement({
  description: "A policy or FAQ the agent answers from.",
  fields: (t) => ({
    id: t.exposeID("id"),
    facility: t.field({
      type: Facility,
      nullable: true,
      description: "Null: the entry applies to every facility of the organization.",
      resolve: (k, _a, ctx) => (k.facility_id ? ctx.loaders.facility.load(k.facility_id) : null),
    }),
    kind: t.field({ type: KnowledgeBaseKind, resolve: (k) => k.kind }),
    question: t.exposeString("question", { description: "The question, or the policy's title." }),
    answer: t.exposeString("answer"),
    questionEs: t.string({
      nullable: true,
      description: "The question in Spanish, matched against Spanish callers' words.",
      resolve: (k) => k.question_es,
    }),
    answerEs: t.string({
      nullable: true,
      description: `Said to Spanish callers; null: ${SPANISH_LEAD_IN}.`,
      resolve: (k) => k.answer_es,
    }),
    tags: t.exposeStringList("tags"),
    createdAt: t.field({ type: "DateTime", resolve: (k) => k.created_at }),
    updatedAt: t.field({ type: "DateTime", resolve: (k) => k.updated_at }),
  }),
});

export const Closure = builder.objectRef<ClosureJson>("Closure").implement({
  description: "A dated closure (a holiday): the facility is closed that day.",
  fields: (t) => ({
    id: t.exposeID("id"),
    facility: t.field({ type: Facility, resolve: (c, _a, ctx) => ctx.loaders.facility.load(c.facility_id) as never }),
    date: t.field({ type: "Date", resolve: (c) => c.date }),
    reason: t.exposeString("reason", { description: "Said to callers, e.g. Christmas Day; may be empty." }),
    reasonEs: t.string({
      nullable: true,
      description: `Said to Spanish callers; null: ${SPANISH_LEAD_IN}.`,
      resolve: (c) => c.reason_es,
    }),
    createdAt: t.field({ type: "DateTime", resolve: (c) => c.created_at }),
    updatedAt: t.field({ type: "DateTime", resolve: (c) => c.updated_at }),
  }),
});

builder.objectFields(Facility, (t) => ({
  knowledgeBaseEntries: t.field({
    type: [KnowledgeBaseEntry],
    description: "What the agent answers from here: this facility's entries and the organization-wide ones.",
    args: { kind: t.arg({ type: KnowledgeBaseKind }) },
    resolve: async (f, a, ctx) => {
      const all = await ctx.loaders.knowledgeBaseOfFacility.load(f.id);
      return a.kind ? all.filter((k) => k.kind === a.kind) : all;
    },
  }),
  closures: t.field({
    type: [Closure],
    description: "Dated closures, by date.",
    args: { fromDate: t.arg({ type: "Date", description: "Only closures on or after this day, e.g. today." }) },
    resolve: async (f, a, ctx) => {
      const all = await ctx.loaders.closuresOfFacility.load(f.id);
      return a.fromDate ? all.filter((c) => c.date >= a.fromDate!) : all;
    },
  }),
}));

const KnowledgeBaseEntryConnection = connectionOf(KnowledgeBaseEntry, "KnowledgeBaseEntry");
const ClosureConnection = connectionOf(Closure, "Closure");

builder.queryFields((t) => {
  const first = () => t.arg.int({ description: FIRST_DESCRIPTION });
  const after = () => t.arg.string({ description: "endCursor of the previous page." });
  const updatedSince = () =>
    t.arg({ type: "DateTime", description: "Only rows changed at or after this time (sync by polling)." });
  return {
    knowledgeBaseEntry: t.field({
      type: KnowledgeBaseEntry,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, a, ctx) => {
        const id = validId(a.id);
        return id ? ctx.loaders.knowledgeBaseEntry.load(id) : null;
      },
    }),
    knowledgeBaseEntries: t.field({
      type: KnowledgeBaseEntryConnection,
      description: "Knowledge base entries, newest first: REST's GET /knowledge-base-entries.",
      args: {
        first: first(),
        after: after(),
        facilityId: t.arg.id({
          description: "Only entries that apply to this facility (its own and the organization-wide ones).",
        }),
        kind: t.arg({ type: KnowledgeBaseKind }),
        updatedSince: updatedSince(),
      },
      resolve: (_r, a, ctx) => list<KnowledgeBaseEntryJson>(ctx, "listKnowledgeBaseEntries", a),
    }),
    closure: t.field({
      type: Closure,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_r, a, ctx) => {
        const id = validId(a.id);
        return id ? ctx.loaders.closure.load(id) : null;
      },
    }),
    closures: t.field({
      type: ClosureConnection,
      description: "Dated closures, newest first: REST's GET /closures.",
      args: {
        first: first(),
        after: after(),
        facilityId: t.arg.id(),
        fromDate: t.arg({ type: "Date", description: "Only closures on or after this day." }),
        updatedSince: updatedSince(),
      },
      resolve: (_r, a, ctx) => list<ClosureJson>(ctx, "listClosures", a),
    }),
  };
});

const BLANK_ES = "Null or blank: none.";

const CreateKnowledgeBaseEntryInput = builder.inputType("CreateKnowledgeBaseEntryInput", {
  fields: (t) => ({
    facilityId: t.id({
      description: "The facility it applies to; omitted or null: every facility of the organization.",
    }),
    kind: t.field({ type: KnowledgeBaseKind, required: true }),
    question: t.string({ required: true, description: "2 to 500 characters." }),
    answer: t.string({ required: true, description: "Up to 8,000 characters." }),
    questionEs: t.string({ description: `The question in Spanish (2 to 500 characters). ${BLANK_ES}` }),
    answerEs: t.string({ description: `The answer in Spanish (up to 8,000 characters). ${BLANK_ES}` }),
    tags: t.stringList(),
  }),
});

const UpdateKnowledgeBaseEntryInput = builder.inputType("UpdateKnowledgeBaseEntryInput", {
  description: "Changes only the fields given.",
  fields: (t) => ({
    facilityId: t.id({ description: "Null: the entry becomes organization-wide." }),
    kind: t.field({ type: KnowledgeBaseKind }),
    question: t.string(),
    answer: t.string(),
    questionEs: t.string({ description: `Null or blank removes the Spanish question.` }),
    answerEs: t.string({ description: `Null or blank removes the Spanish answer.` }),
    tags: t.stringList({ description: "Replaces the tags." }),
  }),
});

const CreateClosureInput = builder.inputType("CreateClosureInput", {
  fields: (t) => ({
    facilityId: t.id({ required: true }),
    date: t.field({ type: "Date", required: true, description: "At most one closure a day (Conflict otherwise)." }),
    reason: t.string({ description: "Up to 200 characters, e.g. Christmas Day." }),
    reasonEs: t.string({ description: `The reason in Spanish (up to 200 characters). ${BLANK_ES}` }),
  }),
});

const UpdateClosureInput = builder.inputType("UpdateClosureInput", {
  description: "Changes only the fields given.",
  fields: (t) => ({
    date: t.field({ type: "Date" }),
    reason: t.string(),
    reasonEs: t.string({ description: "Null or blank removes the Spanish reason." }),
  }),
});

const Deletion = builder.objectRef<{ id: string }>("Deletion").implement({
  description: "What a delete removed.",
  fields: (t) => ({ id: t.exposeID("id") }),
});

const kbErrors = [ValidationError, NotFoundError];

builder.mutationFields((t) => {
  const result = (
    name: string,
    dataField: string,
    types: (typeof ValidationError | typeof NotFoundError | typeof ConflictError)[] = kbErrors,
  ) =>
    ({
      types,
      union: { name: `${name}Result` },
      result: { name: `${name}Success` },
      dataField: { name: dataField },
    }) as const;
  const id = () => t.arg.id({ required: true });
  return {
    createKnowledgeBaseEntry: t.field({
      type: KnowledgeBaseEntry,
      args: { input: t.arg({ type: CreateKnowledgeBaseEntryInput, required: true }) },
      errors: result("CreateKnowledgeBaseEntry", "knowledgeBaseEntry"),
      resolve: (_r, { input }, ctx) =>
        mutate(ctx, "state", () =>
          runOperation<KnowledgeBaseEntryJson>(ctx, "createKnowledgeBaseEntry", { body: input }),
        ),
    }),
    updateKnowledgeBaseEntry: t.field({
      type: KnowledgeBaseEntry,
      args: { id: id(), input: t.arg({ type: UpdateKnowledgeBaseEntryInput, required: true }) },
      errors: result("UpdateKnowledgeBaseEntry", "knowledgeBaseEntry"),
      resolve: (_r, { id, input }, ctx) =>
        mutate(ctx, "state", () =>
          runOperation<KnowledgeBaseEntryJson>(ctx, "updateKnowledgeBaseEntry", { params: { id }, body: input }),
        ),
    }),
    deleteKnowledgeBaseEntry: t.field({
      type: Deletion,
      args: { id: id() },
      errors: result("DeleteKnowledgeBaseEntry", "deleted"),
      resolve: (_r, { id }, ctx) =>
        mutate(ctx, "state", () => runOperation<{ id: string }>(ctx, "deleteKnowledgeBaseEntry", { params: { id } })),
    }),
    createClosure: t.field({
      type: Closure,
      description: "Close a facility on a date. Conflict when it already has a closure that day.",
      args: { input: t.arg({ type: CreateClosureInput, required: true }) },
      errors: result("CreateClosure", "closure", [...kbErrors, ConflictError]),
      resolve: (_r, { input }, ctx) =>
        mutate(ctx, "state", () => runOperation<ClosureJson>(ctx, "createClosure", { body: input })),
    }),
    updateClosure: t.field({
      type: Closure,
      args: { id: id(), input: t.arg({ type: UpdateClosureInput, required: true }) },
      errors: result("UpdateClosure", "closure", [...kbErrors, ConflictError]),
      resolve: (_r, { id, input }, ctx) =>
        mutate(ctx, "state", () => runOperation<ClosureJson>(ctx, "updateClosure", { params: { id }, body: input })),
    }),
    deleteClosure: t.field({
      type: Deletion,
      args: { id: id() },
      errors: result("DeleteClosure", "deleted"),
      resolve: (_r, { id }, ctx) =>
        mutate(ctx, "state", () => runOperation<{ id: string }>(ctx, "deleteClosure", { params: { id } })),
    }),
  };
});
