import { z } from "zod";

import { createTRPCRouter, orgProcedure, requireRole } from "@/server/api/trpc";
import { eraseCustomer, ZEraseCustomer } from "@/server/domain/customers/erase-customer";
import { browseCustomers, ZBrowseCustomers } from "@/server/domain/customers/browse-customers";
import { addCustomerNote, editCustomerNote, ZAddNote, ZEditNote } from "@/server/domain/customers/customer-notes";
import { getCustomer } from "@/server/domain/customers/get-customer";
import { listCustomers } from "@/server/domain/customers/list-customers";
import { upsertCustomer, ZCustomerInput } from "@/server/domain/customers/upsert-customer";

export const ZCustomerList = z.object({
  query: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

export const customersRouter = createTRPCRouter({
  list: orgProcedure
    .input(ZCustomerList)
    .query(({ ctx, input }) => ctx.tenantRead((tx) => listCustomers(tx, ctx.organizationId, input))),
  /** The Customers page: search, filters (lead status, owner, facility, tenants), sort, a page and the total. */
  browse: orgProcedure
    .input(ZBrowseCustomers)
    .query(({ ctx, input }) => ctx.tenantRead((tx) => browseCustomers(tx, ctx.organizationId, ctx.memberId, input))),
  /** Customer page: details, lead and owner, reservations, rentals and the timeline (conversations, payments, notes, activity). */
  get: orgProcedure
    .input(z.object({ customerId: z.uuid() }))
    .query(({ ctx, input }) => ctx.tenant((tx) => getCustomer(tx, ctx.organizationId, input.customerId))),
  upsert: orgProcedure
    .input(ZCustomerInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => upsertCustomer(tx, ctx.organizationId, ctx.actor, input))),
  /** Notes on the customer page: every member writes them; the byline is the writer's name. */
  addNote: orgProcedure
    .input(ZAddNote)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => addCustomerNote(tx, ctx.organizationId, ctx.actor, input, ctx.user.name || ctx.user.email)),
    ),
  editNote: orgProcedure
    .input(ZEditNote)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => editCustomerNote(tx, ctx.organizationId, ctx.actor, input, ctx.user.name || ctx.user.email)),
    ),
  /** A customer's erasure request (docs/deploy.md, "Data retention and erasure"): admins and owners. */
  erase: orgProcedure
    .use(requireRole("admin"))
    .input(ZEraseCustomer)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => eraseCustomer(tx, ctx.organizationId, ctx.actor, input))),
});
