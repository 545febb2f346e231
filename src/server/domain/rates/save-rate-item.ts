import { and, asc, eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { fee, promotion, protectionPlan } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, isUniqueViolation, notFound } from "@/server/domain/errors";

import {
  ZFeeInput,
  ZPromotionInput,
  ZProtectionPlanInput,
  type FeeInput,
  type PromotionInput,
  type ProtectionPlanInput,
} from "./rate-inputs";

/**
 * Promotions, fees and protection plans share one shape of CRUD: names are unique per organization
 * (the importer's natural key), every change is audited.
 */
const TABLES = {
  promotion: { table: promotion, schema: ZPromotionInput },
  fee: { table: fee, schema: ZFeeInput },
  protection_plan: { table: protectionPlan, schema: ZProtectionPlanInput },
} as const;
export type RateItemKind = keyof typeof TABLES;
type Inputs = { promotion: PromotionInput; fee: FeeInput; protection_plan: ProtectionPlanInput };

export async function saveRateItem<K extends RateItemKind>(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  kind: K,
  input: Inputs[K],
  id?: string,
) {
  const { table, schema } = TABLES[kind];
  const data = schema.parse(input);
  try {
    const rows = await tx.transaction(async (sp) =>
      id
        ? sp
            .update(table)
            .set(data)
            .where(and(eq(table.organizationId, organizationId), eq(table.id, id)))
            .returning()
        : sp
            .insert(table)
            .values({ ...data, organizationId } as never)
            .returning(),
    );
    const row = (rows as { id: string }[])[0];
    if (!row) throw notFound(kind.replace("_", " "));
    await recordAudit(tx, {
      organizationId,
      actor,
      action: `${kind}.${id ? "updated" : "created"}`,
      targetType: kind,
      targetId: row.id,
      data: { ...data },
    });
    return row;
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError("CONFLICT", `A ${kind.replace("_", " ")} named "${data.name}" already exists.`);
    throw err;
  }
}

export async function deleteRateItem(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  kind: RateItemKind,
  id: string,
) {
  const { table } = TABLES[kind];
  const rows = await tx
    .delete(table)
    .where(and(eq(table.organizationId, organizationId), eq(table.id, id)))
    .returning({ id: table.id, name: table.name });
  if (!rows[0]) throw notFound(kind.replace("_", " "));
  await recordAudit(tx, {
    organizationId,
    actor,
    action: `${kind}.deleted`,
    targetType: kind,
    targetId: id,
    data: { name: rows[0].name },
  });
  return { ok: true as const };
}

/** Everything that goes into prices for the rates editor. */
export async function listRateItems(tx: Executor, organizationId: string) {
  const [promotions, fees, protectionPlans] = await Promise.all([
    tx.select().from(promotion).where(eq(promotion.organizationId, organizationId)).orderBy(asc(promotion.name)),
    tx.select().from(fee).where(eq(fee.organizationId, organizationId)).orderBy(asc(fee.name)),
    tx
      .select()
      .from(protectionPlan)
      .where(eq(protectionPlan.organizationId, organizationId))
      .orderBy(asc(protectionPlan.coverageCents)),
  ]);
  return { promotions, fees, protectionPlans };
}
