import { and, desc, eq, getTableColumns, sql } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import type { Executor } from "@/server/db/client";
import { PAYMENT_METHODS, rental } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { notFound } from "@/server/domain/errors";
import { recordPaymentReceived } from "@/server/domain/ledger/payments";

import { decryptSecret } from "@/server/auth/encryption";
import { coercedDate } from "@/lib/zod-dates";

const { gateCodeEncrypted: _secret, ...publicColumns } = getTableColumns(rental);

export function listRentals(
  tx: Executor,
  organizationId: string,
  f: { customerId?: string; facilityId?: string; current?: boolean } = {},
) {
  return tx
    .select(publicColumns)
    .from(rental)
    .where(
      and(
        eq(rental.organizationId, organizationId),
        f.customerId ? eq(rental.customerId, f.customerId) : undefined,
        f.facilityId ? eq(rental.facilityId, f.facilityId) : undefined,
        f.current ? sql`${rental.movedOutAt} is null` : undefined,
      ),
    )
    .orderBy(desc(rental.startDate));
}

/** Decrypts a gate code for staff; every viewing is audited. */
export async function revealGateCode(tx: Executor, organizationId: string, actor: Actor, rentalId: string) {
  const [r] = await tx
    .select({ enc: rental.gateCodeEncrypted })
    .from(rental)
    .where(and(eq(rental.organizationId, organizationId), eq(rental.id, rentalId)));
  if (!r) throw notFound("Rental");
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "rental.gate_code_viewed",
    targetType: "rental",
    targetId: rentalId,
  });
  return { gateCode: decryptSecret(r.enc) };
}

export const ZPayment = z.object({
  rentalId: z.uuid(),
  amountCents: z.number().int().positive().max(100_000_000),
  method: z.enum(PAYMENT_METHODS),
  receivedAt: coercedDate().optional(),
});

/** Staff record a payment taken at the office (cash, check...): posted to the rental's ledger. */
export async function recordPayment(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: z.input<typeof ZPayment>,
) {
  const v = ZPayment.parse(input);
  const [r] = await tx
    .select({ customerId: rental.customerId, facilityId: rental.facilityId })
    .from(rental)
    .where(and(eq(rental.organizationId, organizationId), eq(rental.id, v.rentalId)));
  if (!r) throw notFound("Rental");
  const out = await recordPaymentReceived(tx, organizationId, actor, {
    customerId: r.customerId,
    rentalId: v.rentalId,
    facilityId: r.facilityId,
    amountCents: v.amountCents,
    method: v.method,
    receivedAt: v.receivedAt,
  });
  return { payment: out.payment, balanceCents: out.balanceCents };
}
