import { builder } from "./builder";
import type { GraphQLContext } from "./context";
import { LeadSource, LeadStatus, PricingChannel } from "./enums";
import type { LeadJson, ReservationJson } from "./loaders";
import {
  asGraphQLError,
  ConflictError,
  expectedError,
  NotFoundError,
  runOperation,
  UnitUnavailableError,
  ValidationError,
  type FieldError,
} from "./rest-bridge";
import { Lead, Reservation } from "./types";

/**
 * Mutations run the REST API's write operations (same validation, same domain services, same
 * audit). Each runs in a savepoint of the operation's transaction: an expected failure rolls back
 * just that mutation and comes back as a typed result (UnitUnavailable, ValidationError, ...).
 */
const FieldErrorRef = builder.objectRef<FieldError>("FieldError").implement({
  fields: (t) => ({
    path: t.exposeString("path", { description: "The input field, e.g. `customer.phone`." }),
    message: t.exposeString("message"),
  }),
});

const ErrorInterface = builder.interfaceRef<Error>("Error").implement({
  fields: (t) => ({ message: t.exposeString("message") }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  description: "The input is not valid; `fields` says which parts and why.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldErrorRef], resolve: (e) => e.fields }) }),
});
builder.objectType(NotFoundError, {
  name: "NotFound",
  description: "Something named by id does not exist (or belongs to another organization).",
  interfaces: [ErrorInterface],
});
builder.objectType(UnitUnavailableError, {
  name: "UnitUnavailable",
  description: "No unit of the type (or not the unit asked for) is free for that date.",
  interfaces: [ErrorInterface],
});
builder.objectType(ConflictError, {
  name: "Conflict",
  description: "The change does not fit the current state, e.g. cancelling a reservation that is no longer active.",
  interfaces: [ErrorInterface],
});

export async function mutate<T>(ctx: GraphQLContext, conflict: "unit" | "state", fn: () => Promise<T>): Promise<T> {
  const outer = ctx.tx!;
  try {
    return await outer.transaction(async (savepoint) => {
      ctx.tx = savepoint;
      try {
        return await fn();
      } finally {
        ctx.tx = outer;
      }
    });
  } catch (err) {
    throw expectedError(err, conflict) ?? asGraphQLError(err);
  } finally {
    ctx.loaders.clearAll(); // later fields read what this mutation wrote
  }
}

const LeadDetails = {
  facilityId: "ID",
  desiredWidth: "Int",
  desiredLength: "Int",
  desiredUnitTypeId: "ID",
  desiredMoveInDate: "Date",
  notes: "String",
  nextFollowUpAt: "DateTime",
} as const;

const CreateLeadInput = builder.inputType("CreateLeadInput", {
  description:
    "A phone number or an e-mail address is required. A lead for the same person (same phone or e-mail) is merged, not duplicated.",
  fields: (t) => ({
    source: t.field({ type: LeadSource, required: true }),
    name: t.string(),
    phone: t.string({ description: "Any common format; stored as E.164." }),
    email: t.string(),
    ...Object.fromEntries(Object.entries(LeadDetails).map(([k, type]) => [k, t.field({ type })])),
    score: t.int(),
  }),
});

const UpdateLeadInput = builder.inputType("UpdateLeadInput", {
  description: "Changes only the fields given. Setting status to LOST needs a lostReason.",
  fields: (t) => ({
    status: t.field({ type: LeadStatus }),
    lostReason: t.string(),
    ...Object.fromEntries(Object.entries(LeadDetails).map(([k, type]) => [k, t.field({ type })])),
    score: t.int(),
  }),
});

const ReservationCustomerInput = builder.inputType("ReservationCustomerInput", {
  fields: (t) => ({ name: t.string(), phone: t.string(), email: t.string() }),
});

const CreateReservationInput = builder.inputType("CreateReservationInput", {
  fields: (t) => ({
    unitTypeId: t.id({ required: true }),
    unitId: t.id({ description: "A specific unit; omitted: any free unit of the type." }),
    customerId: t.id({ description: "An existing customer; otherwise give `customer`." }),
    customer: t.field({
      type: ReservationCustomerInput,
      description: "Contact details; the customer and their lead are found or created (matched by phone, then e-mail).",
    }),
    moveInDate: t.field({
      type: "Date",
      required: true,
      description:
        "The move-in day at the facility (its time zone): today or later, at most 365 days ahead (ValidationError otherwise). The unit is held through it.",
    }),
    channel: t.field({ type: PricingChannel, description: "Prices at this channel's rate (default WEB)." }),
    promotionId: t.id({
      description: "Apply this promotion if eligible; null for none; omitted: the best eligible one.",
    }),
    protectionPlanId: t.id(),
  }),
});

const errorTypes = {
  lead: [ValidationError, NotFoundError],
  booking: [UnitUnavailableError, ValidationError, NotFoundError],
  cancel: [ConflictError, NotFoundError, ValidationError],
};

builder.mutationFields((t) => ({
  createLead: t.field({
    type: Lead,
    description: "Create a lead, or merge into the same person's lead (matched by phone, then e-mail).",
    args: { input: t.arg({ type: CreateLeadInput, required: true }) },
    errors: {
      types: errorTypes.lead,
      union: { name: "CreateLeadResult" },
      result: { name: "CreateLeadSuccess" },
      dataField: { name: "lead" },
    },
    resolve: (_r, { input }, ctx) =>
      mutate(ctx, "state", () => runOperation<LeadJson>(ctx, "createLead", { body: input })),
  }),
  updateLead: t.field({
    type: Lead,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateLeadInput, required: true }) },
    errors: {
      types: errorTypes.lead,
      union: { name: "UpdateLeadResult" },
      result: { name: "UpdateLeadSuccess" },
      dataField: { name: "lead" },
    },
    resolve: (_r, { id, input }, ctx) =>
      mutate(ctx, "state", () => runOperation<LeadJson>(ctx, "updateLead", { params: { id }, body: input })),
  }),
  createReservation: t.field({
    type: Reservation,
    description:
      "Reserve a unit: priced by the same engine as the agent and dashboard, never double-booked (UnitUnavailable). The move-in date is at most 365 days ahead.",
    args: { input: t.arg({ type: CreateReservationInput, required: true }) },
    errors: {
      types: errorTypes.booking,
      union: { name: "CreateReservationResult" },
      result: { name: "CreateReservationSuccess" },
      dataField: { name: "reservation" },
    },
    resolve: (_r, { input }, ctx) =>
      mutate(ctx, "unit", () => runOperation<ReservationJson>(ctx, "createReservation", { body: input })),
  }),
  cancelReservation: t.field({
    type: Reservation,
    description: "Cancel a reservation and free its unit. Conflict when it is no longer active.",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string() },
    errors: {
      types: errorTypes.cancel,
      union: { name: "CancelReservationResult" },
      result: { name: "CancelReservationSuccess" },
      dataField: { name: "reservation" },
    },
    resolve: (_r, { id, reason }, ctx) =>
      mutate(ctx, "state", () =>
        runOperation<ReservationJson>(ctx, "cancelReservation", { params: { id }, body: { reason } }),
      ),
  }),
}));
