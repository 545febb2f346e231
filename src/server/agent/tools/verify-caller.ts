import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { customer } from "@/server/db/schema";
import { toE164 } from "@/lib/normalize-phone";
import { DomainError } from "@/server/domain/errors";
import { getReservation } from "@/server/domain/reservations/list-reservations";

import { defineTool, refuse } from "./types";

const MAX_ATTEMPTS = 3;

const nameTokens = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .split(/[^a-z]+/)
    .filter((w) => w.length > 1);

/** The full name, or at least the surname plus the first name's initial, must match. */
export function namesMatch(onFile: string, said: string): boolean {
  const a = nameTokens(onFile);
  const b = nameTokens(said);
  if (a.length === 0 || b.length === 0) return false;
  if (a.join(" ") === b.join(" ")) return true;
  if (a.length < 2 || b.length < 2) return false;
  return a.at(-1) === b.at(-1) && a[0]![0] === b[0]![0];
}

export const verifyCaller = defineTool({
  name: "verify_caller",
  description:
    "Check who the caller is before any account data (balance, gate code, reservations, cancelling). Needs the name on the account plus the phone on the account (defaults to the caller ID) or a reservation confirmation code. Returns only whether it matched.",
  args: z.object({
    name: z.string().trim().min(1).max(200),
    phone: z.string().trim().max(40).optional(),
    confirmationCode: z.string().trim().max(12).optional(),
  }),
  async run(ctx, args) {
    const v = ctx.state.verification;
    if (v.verified) return { ok: true as const, verified: true };
    if (v.attempts >= MAX_ATTEMPTS)
      return refuse("too_many_attempts", "Verification failed too many times; offer a person instead.");
    v.attempts++;
    const phone = (args.phone && toE164(args.phone)) || ctx.state.callerId || null;
    let byCode: Awaited<ReturnType<typeof getReservation>> | null = null;
    if (args.confirmationCode) {
      try {
        byCode = await getReservation(ctx.tx, ctx.organizationId, { confirmationCode: args.confirmationCode });
      } catch (err) {
        if (!(err instanceof DomainError && err.code === "NOT_FOUND")) throw err;
      }
    }
    const [byPhone] = phone
      ? await ctx.tx
          .select()
          .from(customer)
          .where(and(eq(customer.organizationId, ctx.organizationId), eq(customer.phone, phone)))
      : [];
    const candidate = byCode
      ? { id: byCode.customer.id, name: byCode.customer.name, phone: byCode.customer.phone }
      : byPhone
        ? { id: byPhone.id, name: byPhone.name, phone: byPhone.phone }
        : null;
    const nameOk = candidate ? namesMatch(candidate.name, args.name) : false;
    const phoneOk = candidate ? !!phone && candidate.phone === phone : false;
    const verified = !!candidate && ((byCode !== null && (nameOk || phoneOk)) || (phoneOk && nameOk));
    if (!verified) return { ok: true as const, verified: false, attemptsLeft: MAX_ATTEMPTS - v.attempts };
    ctx.state.verification = {
      ...v,
      verified: true,
      customerId: candidate.id,
      reservationId: byCode?.reservation.id,
      step: undefined,
    };
    return { ok: true as const, verified: true, firstName: candidate.name.split(/\s+/)[0] ?? "" };
  },
});
