import { z } from "zod";

import { createTRPCRouter, requireRole } from "@/server/api/trpc";
import { eraseCustomer, ZEraseCustomer } from "@/server/domain/customers/erase-customer";
import { getCustomer } from "@/server/domain/customers/get-customer";
import { listCustomers } from "@/server/domain/customers/list-customers";
import { upsertCustomer, ZCustomerInput } from "@/server/domain/customers/upsert-customer";

import { actorOf, domainProcedure } from "./inventory-procedures";

export const ZCustomerList = z.object({
  query: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

export const customersRouter = createTRPCRouter({
  list: domainProcedure
    .input(ZCustomerList)
    .query(({ ctx, input }) => ctx.tenantRead((tx) => listCustomers(tx, ctx.organizationId, input))),
  /** Customer page: details, lead, reservations, rentals and the audit timeline. */
  get: domainProcedure
    .input(z.object({ customerId: z.uuid() }))
    .query(({ ctx, input }) => ctx.tenant((tx) => getCustomer(tx, ctx.organizationId, input.customerId))),
  upsert: domainProcedure
    .input(ZCustomerInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => upsertCustomer(tx, ctx.organizationId, actorOf(ctx), input))),
  /** A customer's erasure request (docs/deploy.md, "Data retention and erasure"): admins and owners. */
  erase: domainProcedure
    .use(requireRole("admin"))
    .input(ZEraseCustomer)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => eraseCustomer(tx, ctx.organizationId, actorOf(ctx), input))),
});
