/**
 * Payment links (issue 16): a secure URL (`/pay/<token>`) for (a) a reservation's move-in amount,
 * from the very quote stored with the reservation (what the caller heard), or (b) a customer's
 * balance, from the ledger. Opening it makes a Stripe Checkout Session on the organization's
 * connected account for exactly that amount; the payment is recorded only from Stripe's webhooks
 * (./connect-webhook-handlers.ts), never from the redirect back.
 *
 * Paying twice is impossible: one open link per reservation move-in (asking again returns it), each
 * Checkout Session is created under an idempotency key derived from the link, a link is marked paid
 * under its row lock, and a paid link (or a move-in already paid) opens on "already paid".
 */
import { randomBytes } from "node:crypto";

import { and, eq, gt, ne, sql } from "drizzle-orm";
import { z } from "zod";

import { recordAudit } from "@/server/audit";
import { db, type Executor } from "@/server/db/client";
import { customer, facility, paymentLink, rental, reservation, type PaymentLinkLine } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError, notFound } from "@/server/domain/errors";
import { formatCents } from "@/server/domain/pricing/money";
import { balanceOf, PMS_BALANCE_PAY_MAX_AGE_MS, type PmsBalanceView } from "@/server/pms/balance";
import { hasMoveInCharges } from "@/server/domain/ledger/quote-charges";
import type { Quote } from "@/server/domain/pricing";
import { publicUrlFrom } from "@/lib/public-url";

import { requireChargeableAccount } from "./connect-account";

export type PaymentLinkRow = typeof paymentLink.$inferSelect;
/** A line of a link: the ledger target of a balance line rides along. */
export type LinkLine = PaymentLinkLine & { rentalId?: string | null; reservationId?: string | null };

export const PAYMENT_LINK_CHANNELS = ["dashboard", "agent", "api", "collections"] as const;
export const DEFAULT_LINK_HOURS = 72;

export const ZCreatePaymentLink = z.discriminatedUnion("purpose", [
  z.object({
    purpose: z.literal("move_in"),
    reservationId: z.uuid(),
    expiresInHours: z.number().int().min(1).max(168).optional(),
    channel: z.enum(PAYMENT_LINK_CHANNELS).optional(),
  }),
  z.object({
    purpose: z.literal("balance"),
    customerId: z.uuid(),
    expiresInHours: z.number().int().min(1).max(168).optional(),
    channel: z.enum(PAYMENT_LINK_CHANNELS).optional(),
  }),
]);
export type CreatePaymentLinkInput = z.input<typeof ZCreatePaymentLink>;

export const paymentLinkUrl = (token: string) => `${publicUrlFrom(process.env)}/pay/${token}`;

const newToken = () => randomBytes(24).toString("base64url");

/**
 * Makes (or returns the open) link. Refused with a clear error, nothing written, when payments are
 * not set up, the reservation is not active, the move-in is paid, or nothing is owed.
 */
export async function createPaymentLink(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: CreatePaymentLinkInput,
): Promise<{ link: PaymentLinkRow; url: string; reused: boolean }> {
  const parsed = ZCreatePaymentLink.safeParse(input);
  if (!parsed.success) throw new DomainError("BAD_REQUEST", parsed.error.issues.map((i) => i.message).join("; "));
  const v = parsed.data;
  const account = await requireChargeableAccount(tx, organizationId);
  const target =
    v.purpose === "move_in"
      ? await moveInTarget(tx, organizationId, v.reservationId)
      : await balanceTarget(tx, organizationId, v.customerId);

  // One open link per move-in, and per balance of the same amount: asking again gives the same link.
  const open = await tx
    .select()
    .from(paymentLink)
    .where(
      and(
        eq(paymentLink.organizationId, organizationId),
        eq(paymentLink.customerId, target.customerId),
        eq(paymentLink.purpose, v.purpose),
        eq(paymentLink.status, "open"),
        gt(paymentLink.expiresAt, sql`now() + interval '1 hour'`),
        v.purpose === "move_in" ? eq(paymentLink.reservationId, v.reservationId) : undefined,
      ),
    )
    .for("update");
  const same = open.find((l) => l.amountCents === target.amountCents && l.stripeAccountId === account.stripeAccountId);
  if (same) return { link: same, url: paymentLinkUrl(same.token), reused: true };
  // An older link for a different amount (the balance changed) can no longer be paid.
  for (const l of open)
    await tx
      .update(paymentLink)
      .set({ status: "cancelled" })
      .where(and(eq(paymentLink.organizationId, organizationId), eq(paymentLink.id, l.id)));

  const hours = v.expiresInHours ?? DEFAULT_LINK_HOURS;
  const [link] = await tx
    .insert(paymentLink)
    .values({
      organizationId,
      customerId: target.customerId,
      facilityId: target.facilityId,
      reservationId: target.reservationId,
      rentalId: target.rentalId,
      purpose: v.purpose,
      token: newToken(),
      amountCents: target.amountCents,
      lineItems: target.lines,
      description: target.description,
      expiresAt: new Date(Date.now() + hours * 3_600_000),
      stripeAccountId: account.stripeAccountId,
      channel: v.channel ?? "dashboard",
      createdBy: actor.label,
    })
    .returning();
  await recordAudit(tx, {
    organizationId,
    actor,
    action: "payment_link.created",
    targetType: "payment_link",
    targetId: link!.id,
    data: { purpose: v.purpose, amountCents: target.amountCents, reservationId: target.reservationId },
  });
  return { link: link!, url: paymentLinkUrl(link!.token), reused: false };
}

interface LinkTarget {
  customerId: string;
  facilityId: string | null;
  reservationId: string | null;
  rentalId: string | null;
  amountCents: number;
  lines: LinkLine[];
  description: string;
}

async function moveInTarget(tx: Executor, organizationId: string, reservationId: string): Promise<LinkTarget> {
  const [r] = await tx
    .select({ r: reservation, facilityName: facility.name })
    .from(reservation)
    .innerJoin(facility, eq(facility.id, reservation.facilityId))
    .where(and(eq(reservation.organizationId, organizationId), eq(reservation.id, reservationId)));
  if (!r) throw notFound("Reservation");
  if (r.r.status !== "active")
    throw new DomainError(
      "CONFLICT",
      `Reservation ${r.r.confirmationCode} is ${r.r.status}: there is no move-in to pay.`,
    );
  if (await hasMoveInCharges(tx, organizationId, reservationId))
    throw new DomainError("CONFLICT", `The move-in for ${r.r.confirmationCode} is already paid.`);
  // The quote stored with the reservation: the amount the caller was told, line by line.
  const quote = r.r.quote as unknown as Quote;
  const lines = (quote.lines ?? []).map((l) => ({ code: l.code, label: l.label, amountCents: l.amountCents }));
  const amountCents = lines.reduce((s, l) => s + l.amountCents, 0);
  if (amountCents <= 0) throw new DomainError("CONFLICT", "Nothing is due at move-in for this reservation.");
  return {
    customerId: r.r.customerId,
    facilityId: r.r.facilityId,
    reservationId,
    rentalId: null,
    amountCents,
    lines,
    description: `${r.facilityName}: move-in for reservation ${r.r.confirmationCode}`,
  };
}

/**
 * A balance the PMS keeps (docs/payments.md, "Balance from the PMS"): one line of what its copy says
 * is owed, on the rental it manages, and only from a copy at most PMS_BALANCE_PAY_MAX_AGE_MS old: a
 * customer is never asked to pay a figure the PMS may have moved on from. Callers read the PMS first
 * (refreshPmsBalance) where they can.
 */
async function pmsBalanceTarget(
  tx: Executor,
  organizationId: string,
  customerId: string,
  pms: PmsBalanceView,
): Promise<LinkTarget> {
  const ageMs = pms.asOf ? Date.now() - pms.asOf.getTime() : null;
  if (pms.balanceCents === null || ageMs === null || ageMs > PMS_BALANCE_PAY_MAX_AGE_MS)
    throw new DomainError(
      "UPSTREAM_FAILURE",
      pms.balanceCents === null || !pms.asOf
        ? `${pms.provider} could not be reached to read this customer's balance, and it has not been read before: try again in a minute.`
        : `${pms.provider} could not be reached to read this customer's balance (last known ${formatCents(pms.balanceCents)} as of ${pms.asOf.toISOString()}): try again in a minute.`,
    );
  if (pms.balanceCents <= 0) throw new DomainError("CONFLICT", `This customer owes nothing in ${pms.provider}.`);
  const [r] = await tx
    .select({
      id: rental.id,
      facilityId: rental.facilityId,
      facilityName: facility.name,
      unitNumber: sql<string>`(select number from unit where unit.id = ${rental.unitId})`,
    })
    .from(rental)
    .innerJoin(facility, eq(facility.id, rental.facilityId))
    .where(
      and(
        eq(rental.organizationId, organizationId),
        eq(rental.customerId, customerId),
        sql`${rental.movedOutAt} is null`,
      ),
    )
    .orderBy(rental.createdAt)
    .limit(1);
  return {
    customerId,
    facilityId: r?.facilityId ?? null,
    reservationId: null,
    rentalId: r?.id ?? null,
    amountCents: pms.balanceCents,
    lines: [
      {
        code: "balance",
        label: `Balance${r?.unitNumber ? `, unit ${r.unitNumber}` : ""} (${pms.provider})`,
        amountCents: pms.balanceCents,
        rentalId: r?.id ?? null,
      },
    ],
    description: `${r?.facilityName ?? "Storage"}: balance due`,
  };
}

async function balanceTarget(tx: Executor, organizationId: string, customerId: string): Promise<LinkTarget> {
  const [c] = await tx
    .select({ id: customer.id })
    .from(customer)
    .where(and(eq(customer.organizationId, organizationId), eq(customer.id, customerId)));
  if (!c) throw notFound("Customer");
  const src = await balanceOf(tx, organizationId, customerId);
  if (src.source === "pms") return pmsBalanceTarget(tx, organizationId, customerId, src.pms);
  const bal = src.ledger;
  if (bal.balanceCents <= 0) throw new DomainError("CONFLICT", "This customer owes nothing.");
  const rentals = bal.rentals.filter((r) => r.balanceCents > 0);
  const rows = rentals.length
    ? await tx
        .select({
          id: rental.id,
          facilityId: rental.facilityId,
          facilityName: facility.name,
          unitNumber: sql<string>`(select number from unit where unit.id = ${rental.unitId})`,
        })
        .from(rental)
        .innerJoin(facility, eq(facility.id, rental.facilityId))
        .where(and(eq(rental.organizationId, organizationId), eq(rental.customerId, customerId)))
    : [];
  const lines: LinkLine[] = [
    ...rentals.map((b) => {
      const r = rows.find((x) => x.id === b.rentalId);
      return {
        code: "balance",
        label: `Balance, unit ${r?.unitNumber ?? ""}`.trim(),
        amountCents: b.balanceCents,
        rentalId: b.rentalId,
      };
    }),
    ...bal.reservations
      .filter((b) => b.balanceCents > 0)
      .map((b) => ({
        code: "balance",
        label: "Balance, reservation",
        amountCents: b.balanceCents,
        reservationId: b.reservationId,
      })),
  ];
  // Credits elsewhere (a prepaid reservation, an overpaid unit) lower what is asked for.
  let excess = lines.reduce((s, l) => s + l.amountCents, 0) - bal.balanceCents;
  for (const l of [...lines].reverse()) {
    const cut = Math.min(excess, l.amountCents - 1);
    if (cut > 0) {
      l.amountCents -= cut;
      excess -= cut;
    }
  }
  const first = rows.find((x) => x.id === lines[0]?.rentalId);
  return {
    customerId,
    facilityId: first?.facilityId ?? null,
    reservationId: lines.length === 1 ? (lines[0]!.reservationId ?? null) : null,
    rentalId: lines[0]?.rentalId ?? null,
    amountCents: lines.reduce((s, l) => s + l.amountCents, 0),
    lines,
    description: `${first?.facilityName ?? "Storage"}: balance due`,
  };
}

/**
 * Checkout takes no negative line: a promotion's discount is folded into the line it discounts
 * (rent first), so the Checkout total is exactly the quote's due-at-move-in amount.
 */
export function checkoutLines(lines: readonly PaymentLinkLine[]): PaymentLinkLine[] {
  const out = lines.filter((l) => l.amountCents > 0).map((l) => ({ ...l }));
  const negatives = lines.filter((l) => l.amountCents < 0);
  for (const n of negatives) {
    let left = -n.amountCents;
    const order = [...out].sort((a, b) =>
      a.code === "rent" ? -1 : b.code === "rent" ? 1 : b.amountCents - a.amountCents,
    );
    for (const l of order) {
      if (left === 0) break;
      const cut = Math.min(left, l.amountCents);
      l.amountCents -= cut;
      left -= cut;
      l.label = `${l.label} (${n.label})`;
    }
    if (left > 0) throw new DomainError("CONFLICT", "The discount is larger than the charges.");
  }
  return out.filter((l) => l.amountCents > 0);
}

/** What /pay/<token> shows. */
export type PayPageState =
  | { state: "not_found" }
  | { state: "redirect"; url: string }
  | { state: "paid" | "expired" | "cancelled" | "unavailable"; summary: LinkSummary };

export interface LinkSummary {
  description: string;
  amountCents: number;
  lines: PaymentLinkLine[];
  paidAt: Date | null;
  expiresAt: Date;
}

export const summaryOf = (l: PaymentLinkRow): LinkSummary => ({
  description: l.description,
  amountCents: l.amountCents,
  lines: l.lineItems,
  paidAt: l.paidAt,
  expiresAt: l.expiresAt,
});

/** The row behind a token. The token is the credential: read with the system connection, then scoped. */
export async function findLinkByToken(token: string): Promise<PaymentLinkRow | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [row] = await db.select().from(paymentLink).where(eq(paymentLink.token, token));
  return row ?? null;
}

/** Marks open links of the same move-in (or balance) cancelled once one of them was paid. */
export async function cancelSiblingLinks(tx: Executor, link: PaymentLinkRow) {
  await tx
    .update(paymentLink)
    .set({ status: "cancelled" })
    .where(
      and(
        eq(paymentLink.organizationId, link.organizationId),
        eq(paymentLink.customerId, link.customerId),
        eq(paymentLink.purpose, link.purpose),
        eq(paymentLink.status, "open"),
        ne(paymentLink.id, link.id),
        link.purpose === "move_in" && link.reservationId
          ? eq(paymentLink.reservationId, link.reservationId)
          : undefined,
      ),
    );
}
