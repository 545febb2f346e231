import { and, desc, eq, inArray, sql } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { collectionCase, COLLECTION_STATUSES, customer, facility, type CollectionStatus } from "@/server/db/schema";
import { unreflectedPaymentsSql } from "@/server/pms/balance";

/**
 * The staff queue (Payments > Collections, and the customer page): open cases (active, held) by
 * default, oldest due first; `all` adds the closed ones (paid, opted out), newest first.
 */
export async function listCollectionCases(
  tx: Executor,
  organizationId: string,
  opts: { status?: "open" | "all" | CollectionStatus; customerId?: string; limit?: number } = {},
) {
  const status = opts.status ?? "open";
  const statuses: CollectionStatus[] =
    status === "open" ? ["active", "held"] : status === "all" ? [...COLLECTION_STATUSES] : [status];
  const rows = await tx
    .select({
      c: collectionCase,
      customerName: customer.name,
      customerPhone: customer.phone,
      facilityName: facility.name,
      // The PMS's figure (its last good copy, less what we took that it has not counted) for a tenant
      // whose balance a live PMS keeps; our ledger's otherwise.
      balanceCents: sql<number>`coalesce(
        (select b.balance_cents - ${unreflectedPaymentsSql(organizationId, sql`b.customer_id`, sql`pc.provider`, sql`b.fetched_at`, sql`b.past_due_since`)}
          from pms_balance b join pms_connection pc on pc.id = b.connection_id and pc.status in ('active', 'needs_credentials')
          where b.organization_id = ${organizationId} and b.customer_id = ${collectionCase.customerId}
            and b.status = 'found' and b.fetched_at is not null),
        (select coalesce(sum(balance_cents), 0)::int from rental r where r.organization_id = ${organizationId} and r.customer_id = ${collectionCase.customerId}))`,
    })
    .from(collectionCase)
    .innerJoin(customer, eq(customer.id, collectionCase.customerId))
    .leftJoin(facility, eq(facility.id, collectionCase.facilityId))
    .where(
      and(
        eq(collectionCase.organizationId, organizationId),
        inArray(collectionCase.status, statuses),
        opts.customerId ? eq(collectionCase.customerId, opts.customerId) : undefined,
      ),
    )
    .orderBy(status === "open" ? collectionCase.dueDate : desc(collectionCase.createdAt), collectionCase.id)
    .limit(Math.min(opts.limit ?? 200, 500));
  return rows.map(({ c, ...r }) => ({
    id: c.id,
    customerId: c.customerId,
    customerName: r.customerName,
    customerPhone: r.customerPhone,
    facilityName: r.facilityName,
    dueDate: c.dueDate,
    pastDueCents: c.pastDueCents,
    balanceCents: Number(r.balanceCents),
    status: c.status,
    days: c.days,
    stepsDone: c.stepsDone,
    steps: c.steps,
    nextStepAt: c.nextStepAt,
    lastStepAt: c.lastStepAt,
    taskId: c.taskId,
    heldBy: c.heldBy,
    heldAt: c.heldAt,
    closedAt: c.closedAt,
    createdAt: c.createdAt,
  }));
}
export type CollectionCaseView = Awaited<ReturnType<typeof listCollectionCases>>[number];
