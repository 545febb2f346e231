import { and, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";

import { facility, reservation, unit } from "@/server/db/schema";
import { customerBalance } from "@/server/domain/ledger/balance";
import { listRentals, revealGateCode } from "@/server/domain/rentals/rental-queries";

import { defineTool, refuse } from "./types";

/**
 * The verified caller's own account: balance, gate code, active reservations. The customer comes
 * from the verification in the dialogue state, so no argument can point it at someone else.
 */
export const getAccount = defineTool({
  name: "get_account",
  mutates: true,
  description:
    "The verified caller's own account: balance due, gate code (only when asked for it), active reservations. Requires verify_caller first.",
  args: z.object({
    include: z
      .array(z.enum(["balance", "gate_code", "reservations"]))
      .min(1)
      .max(3),
  }),
  async run(ctx, args) {
    const v = ctx.state.verification;
    if (!v.verified || !v.customerId) return refuse("not_verified", "Verify the caller first.");
    const rentals = await listRentals(ctx.tx, ctx.organizationId, { customerId: v.customerId, current: true });
    const unitRows = rentals.length
      ? await ctx.tx
          .select({ id: unit.id, number: unit.number })
          .from(unit)
          .where(
            and(
              eq(unit.organizationId, ctx.organizationId),
              inArray(
                unit.id,
                rentals.map((r) => r.unitId),
              ),
            ),
          )
      : [];
    const unitNumber = (id: string) => unitRows.find((u) => u.id === id)?.number ?? null;
    const out: Record<string, unknown> = { ok: true };
    if (args.include.includes("balance")) {
      // From the ledger (domain/ledger/balance.ts): the same number the customer page and the API show.
      const bal = await customerBalance(ctx.tx, ctx.organizationId, v.customerId);
      out.rentals = rentals.map((r) => ({
        unitNumber: unitNumber(r.unitId),
        balanceCents: bal.rentals.find((b) => b.rentalId === r.id)?.balanceCents ?? 0,
        monthlyRateCents: r.monthlyRateCents,
        billingDay: r.billingDay,
      }));
      out.balanceCents = bal.balanceCents;
    }
    if (args.include.includes("gate_code")) {
      const codes = [];
      // Every reveal is audited with the agent as the actor.
      for (const r of rentals) {
        const { gateCode } = await revealGateCode(ctx.tx, ctx.organizationId, ctx.actor, r.id);
        // Said to the caller, never stored: the engine stores a placeholder (agent/secrets.ts).
        (ctx.secrets ??= []).push(gateCode);
        codes.push({ unitNumber: unitNumber(r.unitId), gateCode });
      }
      out.gateCodes = codes;
    }
    if (args.include.includes("reservations")) {
      const rows = await ctx.tx
        .select({
          id: reservation.id,
          confirmationCode: reservation.confirmationCode,
          moveInDate: reservation.moveInDate,
          facilityName: facility.name,
        })
        .from(reservation)
        .innerJoin(facility, eq(facility.id, reservation.facilityId))
        .where(
          and(
            eq(reservation.organizationId, ctx.organizationId),
            eq(reservation.customerId, v.customerId),
            eq(reservation.status, "active"),
            gt(reservation.holdExpiresAt, ctx.now),
          ),
        );
      out.reservations = rows;
    }
    out.hasRental = rentals.length > 0;
    return out;
  },
});
