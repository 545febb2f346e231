import { z } from "zod";

import { createTRPCRouter, orgProcedure, requireRole } from "@/server/api/trpc";
import { eraseCustomer, ZEraseCustomer } from "@/server/domain/customers/erase-customer";
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
  /** Customer page: details, lead, reservations, rentals and the audit timeline. */
  get: orgProcedure
    .input(z.object({ customerId: z.uuid() }))
    .query(({ ctx, input }) => ctx.tenant((tx) => getCustomer(tx, ctx.organizationId, input.customerId))),
  upsert: orgProcedure
    .input(ZCustomerInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => upsertCustomer(tx, ctx.organizationId, ctx.actor, input))),
  /** A customer's erasure request (docs/deploy.md, "Data retention and erasure"): admins and owners. */
  erase: orgProcedure
    .use(requireRole("admin"))
    .input(ZEraseCustomer)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => eraseCustomer(tx, ctx.organizationId, ctx.actor, input))),
});
