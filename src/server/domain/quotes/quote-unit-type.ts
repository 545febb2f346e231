import { sql } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { configVersionOf, OrgConfigCache } from "@/server/db/org-config-cache";
import { CHANNELS } from "@/server/db/schema";
import { notFound } from "@/server/domain/errors";
import { localDate } from "@/server/domain/facilities/local-date";
import {
  computeQuote,
  type BillingMode,
  type PricingFee,
  type PricingPromotion,
  type PricingProtectionPlan,
  type Quote,
} from "@/server/domain/pricing";
import { isoDate } from "@/lib/zod-dates";

export const ZQuoteRequest = z.object({
  unitTypeId: z.uuid(),
  channel: z.enum(CHANNELS),
  /** Defaults to today in the facility's time zone. */
  moveInDate: isoDate().optional(),
  protectionPlanId: z.uuid().nullish(),
  /** A specific promotion; null for none; omitted: the best eligible one. */
  promotionId: z.uuid().nullish(),
});
export type QuoteRequest = z.input<typeof ZQuoteRequest>;

interface QuoteRow extends Record<string, unknown> {
  id: string;
  name: string;
  width_ft: number;
  length_ft: number;
  street_rate_cents: number;
  web_rate_cents: number;
  facility_id: string;
  facility_name: string;
  billing_mode: BillingMode;
  admin_fee_cents: number;
  deposit_cents: number;
  tax_rate_bps: number;
  time_zone: string;
  promotions: PricingPromotion[];
  fees: (PricingFee & { kind: "admin" | "other"; facilityId: string | null })[];
  plan: PricingProtectionPlan | null;
}

export type UnitTypeQuote = Quote & { facilityName: string; unitTypeName: string; widthFt: number; lengthFt: number };

/**
 * Loads what a price depends on and hands it to the pricing engine: the only route to a price, so
 * the agent, dashboard and public API quote the same number.
 */
export async function quoteUnitType(tx: Executor, organizationId: string, input: QuoteRequest): Promise<UnitTypeQuote> {
  const q = ZQuoteRequest.parse(input);
  // In an agent turn the organization's config version is known: the inputs (rates, promotions,
  // fees, plan, all bumping it when edited) come from a cache valid for that version.
  const version = configVersionOf(tx, organizationId);
  const load = () => loadQuoteRow(tx, organizationId, q.unitTypeId, q.protectionPlanId ?? null);
  const row = version
    ? await quoteInputs.get(organizationId, `${q.unitTypeId}|${q.protectionPlanId ?? ""}`, version, load)
    : await load();
  if (!row) throw notFound("Unit type");
  if (q.protectionPlanId && !row.plan) throw notFound("Protection plan");
  const fees = row.fees.filter((x) => x.kind === "other");
  // An admin fee row overrides the facility's admin fee setting; a facility-specific one wins over an org-wide one.
  const adminFee = row.fees
    .filter((x) => x.kind === "admin")
    .sort((a, b) => (a.facilityId ? 0 : 1) - (b.facilityId ? 0 : 1))[0];
  const f = {
    id: row.facility_id,
    name: row.facility_name,
    billingMode: row.billing_mode,
    adminFeeCents: row.admin_fee_cents,
    depositCents: row.deposit_cents,
    taxRateBps: row.tax_rate_bps,
    timeZone: row.time_zone,
  };
  const ut = {
    id: row.id,
    name: row.name,
    widthFt: row.width_ft,
    lengthFt: row.length_ft,
    streetRateCents: row.street_rate_cents,
    webRateCents: row.web_rate_cents,
  };
  const promotions = row.promotions;
  const plan = row.plan;

  const quote = computeQuote({
    facility: {
      id: f.id,
      billingMode: f.billingMode,
      adminFeeCents: adminFee?.amountCents ?? f.adminFeeCents,
      depositCents: f.depositCents,
      taxRateBps: f.taxRateBps,
    },
    unitType: { id: ut.id, name: ut.name, streetRateCents: ut.streetRateCents, webRateCents: ut.webRateCents },
    channel: q.channel,
    moveInDate: q.moveInDate ?? localDate(f.timeZone),
    promotions,
    fees,
    protectionPlan: plan ?? null,
    promotionId: q.promotionId,
  });
  return { ...quote, facilityName: f.name, unitTypeName: ut.name, widthFt: ut.widthFt, lengthFt: ut.lengthFt };
}

const quoteInputs = new OrgConfigCache();

/** One round trip: the quote sits on every agent turn about prices, so latency matters here. */
async function loadQuoteRow(
  tx: Executor,
  organizationId: string,
  unitTypeId: string,
  protectionPlanId: string | null,
): Promise<QuoteRow | null> {
  const res = await tx.execute<QuoteRow>(sql`
    select ut.id, ut.name, ut.width_ft, ut.length_ft, ut.street_rate_cents, ut.web_rate_cents,
           f.id as facility_id, f.name as facility_name, f.billing_mode, f.admin_fee_cents, f.deposit_cents, f.tax_rate_bps, f.time_zone,
           coalesce((select json_agg(json_build_object('id', p.id, 'name', p.name, 'kind', p.kind, 'value', p.value, 'months', p.months,
                       'facilityId', p.facility_id, 'unitTypeIds', p.unit_type_ids, 'startsOn', p.starts_on, 'endsOn', p.ends_on,
                       'channels', p.channels, 'active', p.active) order by p.id)
                     from promotion p where p.organization_id = ut.organization_id and p.active and (p.facility_id is null or p.facility_id = f.id)), '[]') as promotions,
           coalesce((select json_agg(json_build_object('id', x.id, 'name', x.name, 'kind', x.kind, 'amountCents', x.amount_cents,
                       'taxable', x.taxable, 'facilityId', x.facility_id) order by x.name)
                     from fee x where x.organization_id = ut.organization_id and x.active and (x.facility_id is null or x.facility_id = f.id)), '[]') as fees,
           (select json_build_object('id', pp.id, 'name', pp.name, 'coverageCents', pp.coverage_cents, 'monthlyCents', pp.monthly_cents)
              from protection_plan pp where pp.organization_id = ut.organization_id and pp.id = ${protectionPlanId}::uuid and pp.active) as plan
    from unit_type ut join facility f on f.id = ut.facility_id
    where ut.organization_id = ${organizationId} and ut.id = ${unitTypeId}`);
  return res.rows[0] ?? null;
}
