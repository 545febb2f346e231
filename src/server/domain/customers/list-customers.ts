import { and, desc, eq, ilike, or } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { customer } from "@/server/db/schema";

export function listCustomers(tx: Executor, organizationId: string, input: { query?: string; limit?: number } = {}) {
  const q = input.query?.trim();
  const like = q ? `%${q.replace(/[%_\\]/g, (m) => `\\${m}`)}%` : null;
  return tx
    .select()
    .from(customer)
    .where(
      and(
        eq(customer.organizationId, organizationId),
        like ? or(ilike(customer.name, like), ilike(customer.phone, like), ilike(customer.email, like)) : undefined,
      ),
    )
    .orderBy(desc(customer.updatedAt))
    .limit(Math.min(input.limit ?? 100, 500));
}
