import { eq, gte } from "drizzle-orm";
import { z } from "zod";

import { customer } from "@/server/db/schema";
import { getCustomer } from "@/server/domain/customers/get-customer";
import { normalizeEmail } from "@/lib/normalize-phone";

import { e164Filter, phoneFilter, sinceDate, updatedSince, ZIdParams } from "../filters";
import { cursorMicros } from "@/server/read-model/cursor";

import { keyset, page, pageWhere, ZPage, ZPageQuery } from "../pagination";
import { defineRoute } from "../route";
import { ZCustomer } from "@/server/read-model/schemas";
import { toCustomer } from "@/server/read-model/serializers";

export const customerRoutes = [
  defineRoute({
    method: "GET",
    path: "/customers",
    operationId: "listCustomers",
    tag: "Customers",
    summary: "List customers",
    query: ZPageQuery.extend({
      phone: phoneFilter,
      email: z.string().max(254).optional().describe("Exact e-mail, case-insensitive."),
      updated_since: updatedSince,
    }),
    response: ZPage(ZCustomer, "CustomerPage"),
    handler: async ({ tx, organizationId, query }) => {
      const ks = keyset(customer.createdAt, customer.id, query.cursor);
      const phone = e164Filter(query.phone);
      const since = sinceDate(query.updated_since);
      const rows = await tx
        .select({ c: customer, cursorMicros: cursorMicros(customer.createdAt), id: customer.id })
        .from(customer)
        .where(
          pageWhere(
            eq(customer.organizationId, organizationId),
            phone ? eq(customer.phone, phone) : undefined,
            query.email ? eq(customer.email, normalizeEmail(query.email)) : undefined,
            since && gte(customer.updatedAt, since),
            ks.where,
          ),
        )
        .orderBy(...ks.orderBy)
        .limit(query.limit + 1);
      return page(rows, query.limit, (r) => toCustomer(r.c));
    },
  }),
  defineRoute({
    method: "GET",
    path: "/customers/{id}",
    operationId: "getCustomer",
    tag: "Customers",
    summary: "Get a customer",
    params: ZIdParams,
    response: ZCustomer,
    handler: async ({ tx, organizationId, params }) => toCustomer(await getCustomer(tx, organizationId, params.id)),
  }),
];
