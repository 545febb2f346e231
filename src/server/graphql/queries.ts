import type { ObjectRef } from "@pothos/core";
import { z } from "zod";

import { ZListUnitTypesQuery, listUnitTypeRows } from "@/server/public-api/routes/unit-types";

import { builder, type Types } from "./builder";
import { connectionOf, FIRST_DESCRIPTION, pageQuery, type Page } from "./connection";
import type { GraphQLContext } from "./context";
import {
  ConversationChannel,
  ConversationOutcome,
  ConversationStatus,
  Direction,
  LeadStatus,
  ReservationStatus,
  TextChannel,
  UnitStatus,
} from "./enums";
import type {
  ConversationJson,
  CustomerJson,
  FacilityJson,
  LeadJson,
  Loaders,
  ReservationJson,
  UnitJson,
  UnitTypeRow,
} from "./loaders";
import { asGraphQLError, runOperation, toSnake } from "./rest-bridge";
import {
  Conversation,
  Customer,
  Facility,
  Lead,
  Message,
  Reservation,
  Unit,
  UnitType,
  type MessageJson,
} from "./types";

/**
 * Queries: one object by id (null when it does not exist or belongs to another organization, exactly
 * alike), or a connection that runs the REST list operation of the same name with the same filters.
 */
/** REST's id check: an id that is not a UUID names nothing, like an id of another organization. */
const ZId = z.uuid();
export const validId = (id: string | number) => (ZId.safeParse(String(id)).success ? String(id) : null);

/** The loaders that fetch one object by id (null when absent or another organization's). */
type ByIdLoader = keyof Pick<
  Loaders,
  "facility" | "unitType" | "unit" | "customer" | "lead" | "reservation" | "conversation"
>;

/** A connection page from the REST list operation of that id, with the connection args as its query. */
export async function list<T>(ctx: GraphQLContext, operationId: string, args: Record<string, unknown>) {
  const { first, after, ...filters } = args as { first?: number | null; after?: string | null };
  try {
    const page = await runOperation<Page<T>>(ctx, operationId, {
      query: { ...filters, ...pageQuery({ first, after }) },
    });
    return { ...page, after: after ?? null };
  } catch (err) {
    throw asGraphQLError(err);
  }
}

const FacilityConnection = connectionOf(Facility, "Facility");
const UnitTypeConnection = connectionOf(UnitType, "UnitType");
const UnitConnection = connectionOf(Unit, "Unit");
const CustomerConnection = connectionOf(Customer, "Customer");
const LeadConnection = connectionOf(Lead, "Lead");
const ReservationConnection = connectionOf(Reservation, "Reservation");
const ConversationConnection = connectionOf(Conversation, "Conversation");
const MessageConnection = connectionOf(Message, "Message");

builder.queryFields((t) => {
  const first = () => t.arg.int({ description: FIRST_DESCRIPTION });
  const after = () => t.arg.string({ description: "endCursor of the previous page." });
  const updatedSince = () =>
    t.arg({ type: "DateTime", description: "Only rows changed at or after this time (sync by polling)." });
  const phone = () => t.arg.string({ description: "Any common format; matched as E.164." });
  /** What conversations and calls are filtered by (conversations also by channel). */
  const conversationFilters = () => ({
    phone: phone(),
    facilityId: t.arg.id(),
    leadId: t.arg.id(),
    status: t.arg({ type: ConversationStatus }),
    outcome: t.arg({ type: ConversationOutcome }),
    startedSince: t.arg({ type: "DateTime" }),
    updatedSince: updatedSince(),
  });
  // One object by id. The cast: Pothos cannot check a resolver against a generic ref's shape.
  const byId = <T>(type: ObjectRef<Types, T>, loader: ByIdLoader, description?: string) =>
    t.field({
      type,
      nullable: true,
      description,
      args: { id: t.arg.id({ required: true }) },
      resolve: ((_r: unknown, a: { id: string | number }, ctx: GraphQLContext) => {
        const id = validId(a.id);
        return id ? ctx.loaders[loader].load(id) : null;
      }) as never,
    });
  return {
    facility: byId(Facility, "facility"),
    facilities: t.field({
      type: FacilityConnection,
      args: { first: first(), after: after(), updatedSince: updatedSince() },
      resolve: (_r, a, ctx) => list<FacilityJson>(ctx, "listFacilities", a),
    }),
    unitType: byId(UnitType, "unitType"),
    unitTypes: t.field({
      type: UnitTypeConnection,
      description: "Unit types; `currentOffer` and `availability` come from the same engine as the agent's quotes.",
      args: { first: first(), after: after(), facilityId: t.arg.id(), updatedSince: updatedSince() },
      resolve: async (_r, a, ctx) => {
        const parsed = ZListUnitTypesQuery.strict().safeParse(
          toSnake({ facilityId: a.facilityId, updatedSince: a.updatedSince, ...pageQuery(a) }),
        );
        if (!parsed.success) return list<UnitTypeRow>(ctx, "listUnitTypes", a); // the REST operation words the error
        try {
          return { ...(await listUnitTypeRows(ctx.tx!, ctx.organizationId, parsed.data)), after: a.after ?? null };
        } catch (err) {
          throw asGraphQLError(err);
        }
      },
    }),
    unit: byId(Unit, "unit"),
    units: t.field({
      type: UnitConnection,
      args: {
        first: first(),
        after: after(),
        facilityId: t.arg.id(),
        unitTypeId: t.arg.id(),
        status: t.arg({ type: UnitStatus }),
        updatedSince: updatedSince(),
      },
      resolve: (_r, a, ctx) => list<UnitJson>(ctx, "listUnits", a),
    }),
    customer: byId(Customer, "customer"),
    customers: t.field({
      type: CustomerConnection,
      args: {
        first: first(),
        after: after(),
        phone: phone(),
        email: t.arg.string({ description: "Exact e-mail, case-insensitive." }),
        updatedSince: updatedSince(),
      },
      resolve: (_r, a, ctx) => list<CustomerJson>(ctx, "listCustomers", a),
    }),
    lead: byId(Lead, "lead"),
    leads: t.field({
      type: LeadConnection,
      args: {
        first: first(),
        after: after(),
        phone: phone(),
        status: t.arg({ type: LeadStatus }),
        facilityId: t.arg.id(),
        updatedSince: updatedSince(),
      },
      resolve: (_r, a, ctx) => list<LeadJson>(ctx, "listLeads", a),
    }),
    reservation: byId(Reservation, "reservation"),
    reservations: t.field({
      type: ReservationConnection,
      args: {
        first: first(),
        after: after(),
        phone: phone(),
        status: t.arg({ type: ReservationStatus }),
        facilityId: t.arg.id(),
        moveInDate: t.arg({ type: "Date" }),
        createdSince: t.arg({ type: "DateTime" }),
        updatedSince: updatedSince(),
      },
      resolve: (_r, a, ctx) => list<ReservationJson>(ctx, "listReservations", a),
    }),
    conversation: byId(Conversation, "conversation", "A call, an SMS thread or a web chat."),
    conversations: t.field({
      type: ConversationConnection,
      args: {
        first: first(),
        after: after(),
        channel: t.arg({ type: ConversationChannel }),
        ...conversationFilters(),
      },
      resolve: (_r, a, ctx) => list<ConversationJson>(ctx, "listConversations", a),
    }),
    calls: t.field({
      type: ConversationConnection,
      description: "Phone calls only (conversations on the voice channel).",
      args: { first: first(), after: after(), ...conversationFilters() },
      resolve: (_r, a, ctx) => list<ConversationJson>(ctx, "listCalls", a),
    }),
    messages: t.field({
      type: MessageConnection,
      description: "Texts of SMS threads and web chats, newest first.",
      args: {
        first: first(),
        after: after(),
        conversationId: t.arg.id(),
        phone: phone(),
        channel: t.arg({ type: TextChannel }),
        direction: t.arg({ type: Direction }),
        createdSince: t.arg({ type: "DateTime" }),
      },
      resolve: (_r, a, ctx) => list<MessageJson>(ctx, "listMessages", a),
    }),
  };
});
