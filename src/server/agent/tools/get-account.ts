import { and, eq, gt, inArray } from "drizzle-orm";
import { z } from "zod";

import { gateCodePolicyOf } from "@/server/agent/caller-verification";
import { redactSecrets, SECRET_PLACEHOLDER } from "@/server/agent/secrets";
import { recordAudit } from "@/server/audit";
import { customer, facility, reservation, unit } from "@/server/db/schema";
import { customerBalance } from "@/server/domain/ledger/balance";
import { balanceOf, rememberPmsLookup } from "@/server/pms/balance";
import { listRentals, revealGateCode } from "@/server/domain/rentals/rental-queries";
import { outboxSmsIn, sendSms } from "@/server/integrations/sms/send-sms";
import { twilioConfigured } from "@/server/integrations/twilio";
import { say } from "@/server/agent/dialogue/phrases";
import { findPmsTenant } from "@/server/pms/tenant-lookup";

import { defineTool, refuse, type ToolContext } from "./types";

/**
 * The verified caller's own account: balance, gate code, active reservations. The customer comes
 * from the verification in the dialogue state, so no argument can point it at someone else.
 *
 * A gate code never appears in the result (which a model reads): under the organization's policy it
 * is texted to the phone on file, or handed to the engine (ctx.gateCodesToSay), which adds it to
 * the reply the caller gets; or refused when the operator gives gate codes only at the office.
 *
 * With a PMS connected, a tenant it knows by the phone on file is answered from the PMS (units,
 * balance, its gate code where it exposes one): it is the source of truth for tenants. Not known
 * there, or no answer within the budget: our own rentals answer. Reservations are always ours.
 */
export const getAccount = defineTool({
  name: "get_account",
  mutates: true,
  description:
    "The verified caller's own account: balance due, gate code (only when asked for it), active reservations. Requires verify_caller first. Gate codes are never in the result: they are texted to the phone on file or added to your reply by the system; never write a code yourself.",
  args: z.object({
    include: z
      .array(z.enum(["balance", "gate_code", "reservations"]))
      .min(1)
      .max(3),
  }),
  async run(ctx, args) {
    const v = ctx.state.verification;
    const wantsGateCode = args.include.includes("gate_code");
    const policy = wantsGateCode ? await gateCodePolicyOf(ctx.tx, ctx.organizationId) : null;
    if (policy === "never")
      return refuse(
        "gate_codes_at_office_only",
        "This facility gives gate codes only through the office, never through the agent; offer a person.",
      );
    // Identification (name + phone) is enough only for a gate code texted to the phone on file.
    const textOnly = policy === "text_on_file" && args.include.every((i) => i === "gate_code");
    const customerId = v.verified ? v.customerId : textOnly ? v.identifiedCustomerId : undefined;
    if (!customerId)
      return v.identifiedCustomerId
        ? refuse(
            "one_time_code_needed",
            "Ask for the one-time code texted to the phone on file and call verify_caller with oneTimeCode first.",
          )
        : refuse("not_verified", "Verify the caller first.");
    const pms = args.include.includes("balance") || wantsGateCode ? await pmsAccountOf(ctx, customerId) : null;
    const rentals = await listRentals(ctx.tx, ctx.organizationId, { customerId, current: true });
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
    const out: Record<string, unknown> = { ok: true, source: pms ? "pms" : "local" };
    // The balance of a tenant whose rental the PMS manages is the PMS's (pms/balance.ts): the copy the
    // lookup just stored, less what we took that it has not counted yet; the PMS not answering, its
    // last copy with its date, or none at all: never our own ledger's figure for them.
    const src = args.include.includes("balance") ? await balanceOf(ctx.tx, ctx.organizationId, customerId) : null;
    if (args.include.includes("balance") && pms) {
      out.rentals = pms.account.units.map((u) => ({ unitNumber: u.number }));
      out.balanceCents =
        src?.source === "pms" && src.pms.balanceCents !== null ? src.pms.balanceCents : pms.account.balanceCents;
    } else if (src?.source === "pms") {
      out.source = "pms";
      out.rentals = rentals.map((r) => ({ unitNumber: unitNumber(r.unitId) }));
      out.balanceCents = src.pms.balanceCents;
      if (src.pms.balanceCents === null)
        out.balanceNote = `${src.pms.provider} (the facility's account system, which keeps this balance) is not answering and no earlier balance is known: do not say an amount or that they are paid up; offer a person or to try again later.`;
      else if (src.pms.state !== "fresh" && src.pms.asOf) {
        out.balanceStale = true;
        out.balanceAsOf = src.pms.asOf.toISOString();
        out.balanceNote = `${src.pms.provider} is not answering: this is the last known balance, as of ${src.pms.asOf.toISOString()}; say it is the last known figure and may have changed.`;
      }
    } else if (args.include.includes("balance")) {
      // From the ledger (domain/ledger/balance.ts): the same number the customer page and the API show.
      const bal = await customerBalance(ctx.tx, ctx.organizationId, customerId);
      out.rentals = rentals.map((r) => ({
        unitNumber: unitNumber(r.unitId),
        balanceCents: bal.rentals.find((b) => b.rentalId === r.id)?.balanceCents ?? 0,
        monthlyRateCents: r.monthlyRateCents,
        billingDay: r.billingDay,
      }));
      out.balanceCents = bal.balanceCents;
    }
    // The tenant is the PMS's, and its operator does not let the agent give the PMS's gate codes:
    // a code of ours could be stale, so neither is given; the office or a person gives it.
    if (wantsGateCode && pms && !pms.gateCodesShared)
      return refuse(
        "pms_gate_codes_not_shared",
        `This operator does not give gate codes from ${pms.provider} through the agent; offer a person or the office.`,
      );
    const pmsGateCode = pms?.account.gateCode ?? null;
    if (wantsGateCode && (pmsGateCode || rentals.length > 0)) {
      const codes: { unitNumber: string | null; gateCode: string }[] = [];
      if (pms && pmsGateCode) {
        const units = pms.account.units;
        codes.push({ unitNumber: units.length === 1 ? units[0]!.number : null, gateCode: pmsGateCode });
        (ctx.secrets ??= []).push(pmsGateCode);
        await recordAudit(ctx.tx, {
          organizationId: ctx.organizationId,
          actor: ctx.actor,
          action: "pms.gate_code_revealed",
          targetType: "customer",
          targetId: customerId,
          data: { pms: pms.provider },
        });
      }
      // Every reveal is audited with the agent as the actor. (The PMS does not share its gate
      // codes: ours, if we have them, are the next best answer.)
      for (const r of codes.length ? [] : rentals) {
        const { gateCode } = await revealGateCode(ctx.tx, ctx.organizationId, ctx.actor, r.id);
        // Never stored: the engine stores a placeholder wherever it appears (agent/secrets.ts).
        (ctx.secrets ??= []).push(gateCode);
        codes.push({ unitNumber: unitNumber(r.unitId), gateCode });
      }
      if (policy === "text_on_file") {
        const sent = await textGateCodes(ctx, customerId, codes);
        if (!sent.ok) return refuse(sent.reason, sent.message);
        out.gateCodes = codes.map((c) => ({ unitNumber: c.unitNumber, delivery: "texted to the phone on file" }));
        out.gateCodesTexted = true;
      } else {
        // read_after_code: the engine adds the codes to the reply; the result (and a model) never holds them.
        (ctx.gateCodesToSay ??= []).push(...codes);
        out.gateCodes = codes.map((c) => ({ unitNumber: c.unitNumber, gateCode: SECRET_PLACEHOLDER }));
        out.gateCodesSaidBySystem = true;
      }
    } else if (wantsGateCode) out.gateCodes = [];
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
            eq(reservation.customerId, customerId),
            eq(reservation.status, "active"),
            gt(reservation.holdExpiresAt, ctx.now),
          ),
        );
      out.reservations = rows;
    }
    out.hasRental = pms ? pms.account.units.length > 0 || rentals.length > 0 : rentals.length > 0;
    return out;
  },
});

/** The tenant the PMS knows by the customer's phone on file, or null (no PMS, unknown there, or no answer). */
async function pmsAccountOf(ctx: ToolContext, customerId: string) {
  const [c] = await ctx.tx
    .select({ phone: customer.phone })
    .from(customer)
    .where(and(eq(customer.organizationId, ctx.organizationId), eq(customer.id, customerId)));
  if (!c?.phone) return null;
  const found = await findPmsTenant(ctx.tx, ctx.organizationId, c.phone);
  // What the lookup came to is the customer's PMS balance copy too (one read per turn, not two).
  if (found.status !== "no_pms")
    await rememberPmsLookup(
      ctx.tx,
      ctx.organizationId,
      customerId,
      found.status === "found"
        ? { account: found.account }
        : found.status === "not_found"
          ? { account: null }
          : { error: found.reason },
    );
  return found.status === "found" ? found : null;
}

/** Texts the gate codes to the phone on the customer's record (never a number from the conversation). */
async function textGateCodes(
  ctx: ToolContext,
  customerId: string,
  codes: { unitNumber: string | null; gateCode: string }[],
): Promise<{ ok: true } | { ok: false; reason: string; message: string }> {
  const [row] = await ctx.tx
    .select({ phone: customer.phone })
    .from(customer)
    .where(and(eq(customer.organizationId, ctx.organizationId), eq(customer.id, customerId)));
  if (!row?.phone)
    return { ok: false, reason: "no_phone_on_file", message: "No phone is on file to text the code to." };
  const facilityName = ctx.state.facilityId ? (await ctx.facts.facility(ctx.state.facilityId))?.name : null;
  const lines = codes.map((c) =>
    c.unitNumber ? say(ctx.state, "sms.unit_code", { unit: c.unitNumber, code: c.gateCode }) : c.gateCode,
  );
  const body = say(ctx.state, codes.length > 1 ? "sms.gate_codes" : "sms.gate_code", {
    facility: facilityName ? `${facilityName}: ` : "",
    codes: lines.join(", "),
  });
  const text = {
    organizationId: ctx.organizationId,
    to: row.phone,
    body,
    // The sms_message row keeps a placeholder; only the text sent holds the code.
    storedBody: redactSecrets(body, ctx.secrets ?? []),
    facilityId: ctx.state.facilityId,
    conversationId: ctx.conversationId,
    idempotencyKey: `gate-code:${ctx.conversationId}:${ctx.state.turns}`,
  };
  const res = twilioConfigured() ? await sendSms(text) : await outboxSmsIn(ctx.tx, text);
  return res.ok ? { ok: true } : { ok: false, reason: res.reason, message: res.message };
}
