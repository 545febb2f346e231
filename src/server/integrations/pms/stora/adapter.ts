import type { UnitStatus } from "@/server/db/schema";

import {
  PmsError,
  type PmsAdapter,
  type PmsConnectionTest,
  type PmsCustomerInput,
  type PmsInventory,
  type PmsLeadInput,
  type PmsPaymentInput,
  type PmsPromotion,
  type PmsRefundInput,
  type PmsReservationInput,
  type PmsTenantAccount,
  type PmsUnitType,
} from "../types";
import { allPages, StoraClient, unwrap, type StoraCredentials, type StoraSchemas } from "./client";

export interface StoraConfig {
  credentials: StoraCredentials;
  baseUrl?: string | null;
  /** Epoch ms by which every request of the operation must be answered (see buildAdapter). */
  deadline?: number | null;
}

const LIMIT = 100;

/**
 * Stora's six unit states onto our four: overlocked and repossessed units are still let (the tenant
 * is behind on payments), so they are occupied for availability; "unavailable" is staff's offline.
 */
export const STORA_STATUS: Record<StoraSchemas["UnitStatus"], UnitStatus> = {
  available: "available",
  reserved: "reserved",
  occupied: "occupied",
  overlocked: "occupied",
  repossessed: "occupied",
  unavailable: "unavailable",
};

const M_TO_FT = 3.28084;

/** A monthly rate in minor units from Stora's prices (monthly when offered, else converted). */
export function storaMonthlyCents(prices: StoraSchemas["UnitTypePrice"][]): number {
  const by = new Map(prices.map((p) => [p.billing_period, p.price.amount]));
  if (by.has("monthly")) return by.get("monthly")!;
  if (by.has("four_weekly")) return Math.round((by.get("four_weekly")! * 13) / 12);
  if (by.has("weekly")) return Math.round((by.get("weekly")! * 52) / 12);
  if (by.has("yearly")) return Math.round(by.get("yearly")! / 12);
  return 0;
}

export function mapStoraUnitType(t: StoraSchemas["UnitType"]): PmsUnitType {
  const scale = t.dimensions?.measurement_unit === "m" ? M_TO_FT : 1;
  const ft = (v: number | null | undefined) => (v ? Math.max(1, Math.round(v * scale)) : null);
  const rate = storaMonthlyCents(t.prices);
  return {
    externalId: t.id,
    facilityExternalId: t.site.id,
    name: t.name,
    widthFt: ft(t.dimensions?.width) ?? 1,
    lengthFt: ft(t.dimensions?.length) ?? 1,
    heightFt: ft(t.dimensions?.height),
    features: [],
    // Stora has one price per billing period (dynamic pricing moves it): street and web are the same.
    streetRateCents: rate,
    webRateCents: rate,
    active: t.status === "bookable",
  };
}

/** Stora coupons onto our promotion kinds; coupons that fit none (or are no longer valid) are left out. */
export function mapStoraCoupon(c: StoraSchemas["Coupon"]): PmsPromotion | null {
  if (c.valid === false) return null;
  const months = c.duration === "repeating" ? Math.max(1, c.duration_in_months ?? 1) : 1;
  if (c.percent_off) {
    if (c.percent_off >= 100) return { externalId: c.id, name: c.name, kind: "free_months", value: 0, months };
    return { externalId: c.id, name: c.name, kind: "percent_off", value: Math.round(c.percent_off * 100), months };
  }
  if (c.amount_off) return { externalId: c.id, name: c.name, kind: "amount_off", value: c.amount_off.amount, months };
  return null;
}

/**
 * Stora requires an e-mail address on every contact. A caller who gave only a phone number gets an
 * address under `.invalid` (RFC 2606: reserved, never deliverable), so staff see at once that it is
 * not real and the phone number stays the way to reach them.
 */
function contactInput(c: PmsCustomerInput, localId: string): StoraSchemas["ContactInput"] {
  const digits = (c.phone ?? "").replace(/\D/g, "") || localId.slice(0, 8);
  return {
    full_name: c.name || null,
    email: c.email ?? `caller-${digits}@no-email.invalid`,
    phone_number: c.phone,
    source: "phone",
    metadata: { storage_agent_id: localId },
  };
}

const digitsOf = (p: string | null | undefined) => (p ?? "").replace(/\D/g, "").slice(-10);

export class StoraAdapter implements PmsAdapter {
  readonly provider = "stora" as const;
  private readonly client: StoraClient;

  constructor(config: StoraConfig) {
    this.client = new StoraClient(config.credentials, config.baseUrl ?? undefined, config.deadline);
  }

  private get api() {
    return this.client.api;
  }

  private sites() {
    return allPages(async (page) => {
      const d = unwrap(await this.api.GET("/2025-09/sites", { params: { query: { page, limit: LIMIT } } }));
      return { items: d.sites, pages: d.meta.pagination?.pages };
    });
  }

  async testConnection(): Promise<PmsConnectionTest> {
    const sites = await this.sites();
    // Reading sites proves the token; reading one page of units proves the inventory scopes too, so a
    // token without them is told now rather than at the first sync.
    unwrap(await this.api.GET("/2025-09/units", { params: { query: { page: 1, limit: 1 } } }));
    unwrap(await this.api.GET("/2025-09/unit_types", { params: { query: { page: 1, limit: 1 } } }));
    return { ok: true, facilities: sites.map((s) => ({ externalId: s.id, name: s.name })) };
  }

  async pullInventory(opts: { updatedSince?: Date | null } = {}): Promise<PmsInventory> {
    const updated_from = opts.updatedSince?.toISOString();
    const sites = await this.sites();
    const unitTypes = await allPages(async (page) => {
      const d = unwrap(
        await this.api.GET("/2025-09/unit_types", { params: { query: { page, limit: LIMIT, updated_from } } }),
      );
      return { items: d.unit_types, pages: d.meta.pagination?.pages };
    });
    const units = await allPages(async (page) => {
      const d = unwrap(
        await this.api.GET("/2025-09/units", { params: { query: { page, limit: LIMIT, updated_from } } }),
      );
      return { items: d.units, pages: d.meta.pagination?.pages };
    });
    const coupons = await allPages(async (page) => {
      const d = unwrap(await this.api.GET("/2025-09/coupons", { params: { query: { page, limit: LIMIT } } }));
      return { items: d.coupons, pages: d.meta.pagination?.pages };
    });
    return {
      facilities: sites.map((s) => ({
        externalId: s.id,
        name: s.name,
        addressLine1: s.address?.line_1 ?? "",
        city: s.address?.city ?? "",
        state: s.address?.state ?? "",
        postalCode: s.address?.postal_code ?? "",
        country: s.address?.country_alpha2 ?? "GB",
        phone: s.phone ?? null,
        timeZone: s.time_zone ?? null,
      })),
      unitTypes: unitTypes.map(mapStoraUnitType),
      units: units.map((u) => ({
        externalId: u.id,
        facilityExternalId: u.site.id,
        unitTypeExternalId: u.unit_type.id,
        number: u.reference_id,
        status: STORA_STATUS[u.status],
        floor: null,
      })),
      promotions: coupons.map(mapStoraCoupon).filter((p): p is PmsPromotion => p !== null),
    };
  }

  async createLead(input: PmsLeadInput) {
    const d = unwrap(await this.api.POST("/2025-09/contacts", { body: contactInput(input.customer, input.localId) }));
    return { externalId: d.contact.id };
  }

  /**
   * An order for the unit type (which creates the tenancy), then the unit reserved for that tenancy.
   * If Stora will not reserve that unit (taken there) the order is cancelled, so nothing is left behind.
   */
  async createReservation(input: PmsReservationInput) {
    const { order } = unwrap(
      await this.api.POST("/2025-09/orders", {
        body: {
          site: { id: input.facilityExternalId },
          billing_period: "monthly",
          starts_at: `${input.moveInDate}T00:00:00Z`,
          // Our lead is a Stora contact already: the order names it rather than making a second one.
          contact: input.leadExternalId ? { id: input.leadExternalId } : contactInput(input.customer, input.localId),
          // Our confirmation text and e-mail already went out; Stora's would be a second one.
          emails: { booking_confirmation: false, move_in_day: false },
          metadata: { storage_agent_reservation_id: input.localId },
          line_items: [
            {
              type: "unit_type",
              quantity: 1,
              price: { amount: input.monthlyRateCents },
              item: { id: input.unitTypeExternalId },
            },
          ],
        },
      }),
    );
    if (!order.tenancy) throw new PmsError("server", "Stora created the order without a tenancy");
    const tenancyId = order.tenancy.id;
    const reserved = await this.api.POST("/2025-09/units/{unit_id}/reserve", {
      params: { path: { unit_id: input.unitExternalId } },
      body: { tenancy_id: tenancyId },
    });
    // A retry after an attempt whose reserve Stora carried out but whose answer never came (the
    // budget ran out, the connection dropped): the order comes back by our reference, and the unit
    // is refused because this very tenancy holds it. That is the booking done, not a unit taken
    // (cancelling the order here gave a booking Stora had accepted up as refused).
    if (reserved.data === undefined && order.contact && (await this.holdsUnit(order.contact.id, tenancyId, input)))
      return { externalId: order.id };
    if (reserved.data === undefined) {
      await this.api
        .POST("/2025-09/orders/{order_id}/cancel", { params: { path: { order_id: order.id } } })
        .catch(() => {});
      unwrap(reserved);
    }
    return { externalId: order.id };
  }

  /** Whether the contact's unit allocations include this unit under this tenancy. */
  private async holdsUnit(contactId: string, tenancyId: string, input: { unitExternalId: string }) {
    const r = await this.api.GET("/2025-09/unit_allocations", { params: { query: { contact_id: [contactId] } } });
    return (r.data?.unit_allocations ?? []).some(
      (a) => a.unit.id === input.unitExternalId && a.tenancy.id === tenancyId,
    );
  }

  async cancelReservation(input: { externalId: string }) {
    const r = await this.api.POST("/2025-09/orders/{order_id}/cancel", {
      params: { path: { order_id: input.externalId } },
    });
    // Already cancelled there (staff did it first) is the outcome we wanted.
    if (r.data === undefined && r.response.status !== 422) unwrap(r);
  }

  /** The contact with exactly this phone number (Stora's search is fuzzy), or null. */
  private async contactByPhone(phone: string) {
    const want = digitsOf(phone);
    const { contacts } = unwrap(await this.api.GET("/2025-09/contacts", { params: { query: { search: want } } }));
    return contacts.find((c) => digitsOf(c.phone_number) === want) ?? null;
  }

  async findTenantByPhone(phone: string): Promise<PmsTenantAccount | null> {
    const contact = await this.contactByPhone(phone);
    if (!contact) return null;
    const { unit_allocations } = unwrap(
      await this.api.GET("/2025-09/unit_allocations", { params: { query: { contact_id: [contact.id] } } }),
    );
    const units = [];
    for (const a of unit_allocations.filter((x) => x.granted_access_at || x.reserved_at)) {
      const { unit } = unwrap(
        await this.api.GET("/2025-09/units/{unit_id}", { params: { path: { unit_id: a.unit.id } } }),
      );
      units.push({ number: unit.reference_id, facilityExternalId: unit.site.id });
    }
    const { invoices } = unwrap(
      await this.api.GET("/2025-09/invoices", { params: { query: { contact_id: [contact.id], status: ["open"] } } }),
    );
    // What is left on each open invoice: Stora's invoice (like Stripe's, which it is built on) keeps
    // `amount_due` as the invoice's total to pay and `amount_paid` as what was paid of it.
    const left = invoices
      .map((i) => ({
        cents: Math.max(0, i.amount_due.amount - (i.amount_paid?.amount ?? 0)),
        date: (i.finalized_at ?? i.period_start ?? i.created_at ?? null)?.slice(0, 10) ?? null,
      }))
      .filter((i) => i.cents > 0);
    const dates = left.map((i) => i.date).filter((d): d is string => d !== null);
    return {
      externalId: contact.id,
      name: contact.full_name ?? "",
      units,
      balanceCents: left.reduce((sum, i) => sum + i.cents, 0),
      pastDueSince: dates.length ? dates.reduce((a, b) => (a < b ? a : b)) : null,
      // Stora's public API does not expose gate codes (access goes through its smart-entry providers).
      gateCode: null,
    };
  }

  /**
   * Stora's Public API (2025-09) has no way to record a payment: invoices are read-only
   * (`public.invoice:read` is the only invoice scope) and operators mark an invoice paid out of band
   * in BackOffice. So the payment becomes a note on the customer's contact (`POST /2025-09/notes`,
   * `public.note:write`) saying what was paid, how and when, for staff to mark the invoice paid: the
   * contact's timeline shows it. Our payment id is in the note's metadata, and an earlier note with
   * it is returned instead of writing another, so a retry after a timeout posts nothing twice.
   */
  async postPayment(input: PmsPaymentInput) {
    const contact = input.customer.phone ? await this.contactByPhone(input.customer.phone) : null;
    if (!contact) throw new PmsError("not_found", "Stora has no contact with the customer's phone number.");
    const { notes } = unwrap(
      await this.api.GET("/2025-09/notes", { params: { query: { resource_id: [contact.id], limit: LIMIT } } }),
    );
    const earlier = notes.find((n) => n.metadata?.storage_agent_payment_id === input.localId);
    if (earlier) return { externalId: earlier.id };
    const amount = new Intl.NumberFormat("en-GB", { style: "currency", currency: input.currency.toUpperCase() }).format(
      input.amountCents / 100,
    );
    const how = input.method === "cash" ? "in cash" : input.method === "check" ? "by cheque" : `by ${input.method}`;
    const { note } = unwrap(
      await this.api.POST("/2025-09/notes", {
        body: {
          content:
            `Payment of ${amount} received ${how} through Storage Agent on ${input.receivedAt.toISOString().slice(0, 10)}` +
            `${input.reference ? ` (reference ${input.reference})` : ""}. ` +
            "The money is already collected: mark the open invoice paid (out of band) in Stora.",
          resource: { id: contact.id },
          metadata: {
            storage_agent_payment_id: input.localId,
            amount_minor: String(input.amountCents),
            currency: input.currency.toUpperCase(),
          },
        },
      }),
    );
    return { externalId: note.id };
  }

  /**
   * A refund, like a payment, cannot be recorded through Stora's Public API (2025-09): invoices are
   * read-only. It becomes a note on the contact (`POST /2025-09/notes`) saying what was given back,
   * how and of which payment, for staff to record it in BackOffice; our refund id is in the note's
   * metadata and an earlier note with it is the answer, so a retry writes none twice.
   */
  async postRefund(input: PmsRefundInput) {
    const contact = input.customer.phone ? await this.contactByPhone(input.customer.phone) : null;
    if (!contact) throw new PmsError("not_found", "Stora has no contact with the customer's phone number.");
    const { notes } = unwrap(
      await this.api.GET("/2025-09/notes", { params: { query: { resource_id: [contact.id], limit: LIMIT } } }),
    );
    const earlier = notes.find((n) => n.metadata?.storage_agent_refund_id === input.localId);
    if (earlier) return { externalId: earlier.id };
    const amount = new Intl.NumberFormat("en-GB", { style: "currency", currency: input.currency.toUpperCase() }).format(
      input.amountCents / 100,
    );
    const how = input.method === "cash" ? "in cash" : input.method === "check" ? "by cheque" : "to the card";
    const { note } = unwrap(
      await this.api.POST("/2025-09/notes", {
        body: {
          content:
            `Refund of ${amount} given back ${how} through Storage Agent on ${input.refundedAt.toISOString().slice(0, 10)}` +
            `${input.reason ? ` (${input.reason})` : ""}${input.reference ? `, reference ${input.reference}` : ""}. ` +
            "The customer owes this amount again: record the refund against the invoice it paid in Stora.",
          resource: { id: contact.id },
          metadata: {
            storage_agent_refund_id: input.localId,
            storage_agent_payment_id: input.paymentLocalId,
            amount_minor: String(input.amountCents),
            currency: input.currency.toUpperCase(),
          },
        },
      }),
    );
    return { externalId: note.id };
  }
}
