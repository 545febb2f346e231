import type { UnitFeature, UnitStatus } from "@/server/db/schema";

import { dollarsToCents } from "../http";
import {
  PmsError,
  type PmsAdapter,
  type PmsConnectionTest,
  type PmsCustomerInput,
  type PmsFacility,
  type PmsInventory,
  type PmsLeadInput,
  type PmsPaymentInput,
  type PmsRefundInput,
  type PmsReservationInput,
  type PmsTenantAccount,
  type PmsUnit,
  type PmsUnitType,
} from "../types";
import { StoredgeClient, type StoredgeCredentials } from "./client";

/** The fields of storEDGE's resources that we read (docs v1: units, leads, ledgers/search). */
export interface StoredgeUnit {
  id: string;
  name: string;
  width: number;
  length: number;
  height: number | null;
  access_type: string | null;
  floor: number | null;
  standard_rate: number | null;
  managed_rate: number | null;
  channel_rate?: number | null;
  available_for_move_in: boolean;
  rentable: boolean;
  status: string;
  deleted: boolean;
  damaged?: boolean;
  unrentable?: boolean;
  unit_amenities: { name: string }[] | string[];
  unit_type: { id: string; name: string; deleted?: boolean };
  unit_group_id: string | null;
}

export interface StoredgeFacilityInfo {
  id: string;
  name: string;
  phone?: string | null;
  time_zone?: string | null;
  address?: {
    address1?: string | null;
    city?: string | null;
    state?: string | null;
    postal?: string | null;
    country?: string | null;
  };
}

export interface StoredgeLead {
  id: string;
  status: string;
  confirmation_number?: string;
  unit_id?: string | null;
}

export interface StoredgeLedger {
  id: string;
  active: boolean;
  current_account_balance: number;
  /** The date rent is paid through (docs v1, ledgers). */
  paid_through?: string | null;
  delinquent?: boolean;
  gate_access_code: string | null;
  unit?: { id: string; name: string } | null;
  tenant: { id: string; first_name: string; last_name: string | null };
}

export interface StoredgeConfig extends StoredgeCredentials {
  facilityIds: string[];
  baseUrl?: string | null;
  /** Epoch ms by which every request of the operation must be answered (see buildAdapter). */
  deadline?: number | null;
}

const AMENITY_FEATURES: [RegExp, UnitFeature][] = [
  [/climate|heated|cooled|temperature/i, "climate_controlled"],
  [/drive[\s_-]?up/i, "drive_up"],
  [/ground|first floor|1st floor/i, "ground_floor"],
  [/elevator/i, "elevator"],
  [/power|electric|outlet/i, "power"],
  [/alarm/i, "alarm"],
  [/rv/i, "rv_parking"],
  [/parking|vehicle|boat/i, "vehicle_parking"],
];

export function storedgeFeatures(u: Pick<StoredgeUnit, "access_type" | "unit_amenities">): UnitFeature[] {
  const names = u.unit_amenities.map((a) => (typeof a === "string" ? a : a.name));
  const features = new Set<UnitFeature>();
  for (const name of names) for (const [re, f] of AMENITY_FEATURES) if (re.test(name)) features.add(f);
  if (u.access_type === "indoor") features.add("indoor");
  if (u.access_type === "outdoor") features.add("outdoor");
  if (u.access_type === "drive_up") features.add("drive_up");
  return [...features].sort();
}

/**
 * storEDGE's unit flags onto our four statuses. Only a vacant unit that storEDGE itself calls
 * rentable and available for move-in is "available": a unit staff marked damaged, unrentable or
 * company-owned never reaches the agent.
 */
export function storedgeStatus(u: StoredgeUnit): UnitStatus {
  if (u.deleted || u.damaged || u.unrentable || !u.rentable) return "unavailable";
  if (u.status === "occupied" || u.status === "overlocked") return "occupied";
  if (u.status === "reserved") return "reserved";
  if (u.status === "vacant" && u.available_for_move_in) return "available";
  return "unavailable";
}

/** Units of one unit group (storEDGE's rentable grouping: type, size, amenities) are one unit type of ours. */
const groupKey = (u: StoredgeUnit) => u.unit_group_id ?? `${u.unit_type.id}:${u.width}x${u.length}`;

export function mapStoredgeUnits(
  facilityId: string,
  units: StoredgeUnit[],
): { unitTypes: PmsUnitType[]; units: PmsUnit[] } {
  const types = new Map<string, PmsUnitType>();
  const out: PmsUnit[] = [];
  for (const u of [...units].sort((a, b) => a.name.localeCompare(b.name))) {
    if (u.deleted) continue;
    const key = groupKey(u);
    if (!types.has(key)) {
      const street = dollarsToCents(u.standard_rate);
      // The managed (revenue-managed) rate is what storEDGE quotes online when set; else the street rate.
      const web = u.managed_rate ?? u.channel_rate ?? null;
      types.set(key, {
        externalId: key,
        facilityExternalId: facilityId,
        name: `${Math.round(u.width)}x${Math.round(u.length)} ${u.unit_type.name}`,
        widthFt: Math.max(1, Math.round(u.width)),
        lengthFt: Math.max(1, Math.round(u.length)),
        heightFt: u.height ? Math.round(u.height) : null,
        features: storedgeFeatures(u),
        streetRateCents: street,
        webRateCents: web === null ? street : dollarsToCents(web),
        active: !u.unit_type.deleted,
      });
    }
    out.push({
      externalId: u.id,
      facilityExternalId: facilityId,
      unitTypeExternalId: key,
      number: u.name,
      status: storedgeStatus(u),
      floor: u.floor ?? null,
    });
  }
  return { unitTypes: [...types.values()], units: out };
}

function splitName(name: string) {
  const parts = name.trim().split(/\s+/);
  const first = parts.shift() || "Caller";
  return { first_name: first, last_name: parts.join(" ") || null };
}

function tenantAttributes(c: PmsCustomerInput) {
  return {
    ...splitName(c.name),
    email: c.email,
    // storEDGE requires at least one phone number on a new tenant record.
    phone_numbers_attributes: c.phone ? [{ number: c.phone.replace(/^\+1/, ""), label: "Mobile" }] : [],
  };
}

export class StoredgeAdapter implements PmsAdapter {
  readonly provider = "storedge" as const;
  private readonly client: StoredgeClient;

  constructor(private readonly config: StoredgeConfig) {
    this.client = new StoredgeClient(config, config.baseUrl ?? undefined, config.deadline);
  }

  private facilityInfo(facilityId: string) {
    return this.client.request<{ facility: StoredgeFacilityInfo }>("GET", `/v1/${encodeURIComponent(facilityId)}/info`);
  }

  async testConnection(): Promise<PmsConnectionTest> {
    if (this.config.facilityIds.length === 0) throw new PmsError("invalid", "Enter at least one storEDGE facility id.");
    const facilities = [];
    for (const id of this.config.facilityIds) {
      const { facility } = await this.facilityInfo(id);
      facilities.push({ externalId: facility.id, name: facility.name });
    }
    return { ok: true, facilities };
  }

  async pullInventory(): Promise<PmsInventory> {
    // storEDGE's units collection has no "updated since" filter: every poll reads the units, and the
    // sync's content hashes make the unchanged ones free. Facilities are read PULL_CONCURRENCY at a
    // time (each its info and its unit pages), so a poll of many facilities is not their requests'
    // round trips end to end; the result keeps the connection's facility order.
    const perFacility = await mapWithConcurrency(this.config.facilityIds, PULL_CONCURRENCY, async (id) => {
      const [{ facility: f }, units] = await Promise.all([
        this.facilityInfo(id),
        this.client.all<StoredgeUnit>(`/v1/${encodeURIComponent(id)}/units`, "units"),
      ]);
      return { facility: mapFacility(f), ...mapStoredgeUnits(f.id, units) };
    });
    const inv: PmsInventory = { facilities: [], unitTypes: [], units: [], promotions: [] };
    for (const x of perFacility) {
      inv.facilities.push(x.facility);
      inv.unitTypes.push(...x.unitTypes);
      inv.units.push(...x.units);
    }
    return inv;
  }

  async createLead(input: PmsLeadInput) {
    const { lead } = await this.client.request<{ lead: StoredgeLead }>(
      "POST",
      `/v1/${encodeURIComponent(input.facilityExternalId)}/leads`,
      {
        body: {
          lead: {
            is_reservation: false,
            desired_move_in_date: input.desiredMoveInDate,
            unit_group_id: input.unitTypeExternalId,
            external_reference: input.localId,
            tenant_attributes: tenantAttributes(input.customer),
          },
        },
      },
    );
    return { externalId: lead.id };
  }

  async createReservation(input: PmsReservationInput) {
    if (input.leadExternalId) {
      // "A lead may start out as a reservation or be converted to one later by attaching a unit"
      // (storEDGE v1, leads): our lead is already there, so the booking converts it. A lead storEDGE
      // will not convert (deleted or closed there, or the unit taken) falls through to a new
      // reservation below, which gives the unit's own answer: a taken unit is refused there too.
      try {
        const { lead } = await this.client.request<{ lead: StoredgeLead }>(
          "PUT",
          `/v1/${encodeURIComponent(input.facilityExternalId)}/leads/${encodeURIComponent(input.leadExternalId)}`,
          {
            body: {
              lead: {
                is_reservation: true,
                unit_id: input.unitExternalId,
                desired_move_in_date: input.moveInDate,
                quoted_rate: input.monthlyRateCents / 100,
              },
            },
          },
        );
        return { externalId: lead.id };
      } catch (err) {
        if (!(err instanceof PmsError && (err.kind === "not_found" || err.kind === "refused"))) throw err;
      }
    }
    const { lead } = await this.client.request<{ lead: StoredgeLead }>(
      "POST",
      `/v1/${encodeURIComponent(input.facilityExternalId)}/leads`,
      {
        body: {
          lead: {
            is_reservation: true,
            unit_id: input.unitExternalId,
            desired_move_in_date: input.moveInDate,
            quoted_rate: input.monthlyRateCents / 100,
            external_reference: input.localId,
            tenant_attributes: tenantAttributes(input.customer),
          },
        },
      },
    );
    return { externalId: lead.id };
  }

  async cancelReservation(input: { externalId: string; facilityExternalId: string }) {
    await this.client.request(
      "PUT",
      `/v1/${encodeURIComponent(input.facilityExternalId)}/leads/${encodeURIComponent(input.externalId)}/cancel`,
      { body: { lead: { cancellation_reason: "Cancelled through Storage Agent" } } },
    );
  }

  /** The active ledgers (one per rented unit) of the tenant with this phone number at one facility. */
  private async ledgersByPhone(facilityId: string, phone: string) {
    const digits = phone.replace(/\D/g, "").replace(/^1(\d{10})$/, "$1");
    const { ledgers } = await this.client.request<{ ledgers: StoredgeLedger[] }>(
      "GET",
      `/v1/${encodeURIComponent(facilityId)}/ledgers/search`,
      { query: { phone_number: digits } },
    );
    return ledgers.filter((x) => x.active);
  }

  async findTenantByPhone(phone: string): Promise<PmsTenantAccount | null> {
    let account: PmsTenantAccount | null = null;
    for (const id of this.config.facilityIds) {
      for (const l of await this.ledgersByPhone(id, phone)) {
        account ??= {
          externalId: l.tenant.id,
          name: [l.tenant.first_name, l.tenant.last_name].filter(Boolean).join(" "),
          units: [],
          balanceCents: 0,
          pastDueSince: null,
          gateCode: null,
        };
        if (l.unit) account.units.push({ number: l.unit.name, facilityExternalId: id });
        const owed = dollarsToCents(l.current_account_balance);
        account.balanceCents += owed;
        // A ledger that owes is unpaid from the first day its rent is not paid through.
        const since = owed > 0 && l.paid_through ? dayAfter(l.paid_through.slice(0, 10)) : null;
        if (since && (!account.pastDueSince || since < account.pastDueSince)) account.pastDueSince = since;
        account.gateCode ??= l.gate_access_code;
      }
    }
    return account;
  }

  /** The tenant's ledger for the unit (found by phone), or their only one; PmsError "not_found" otherwise. */
  private async ledgerFor(input: Pick<PmsPaymentInput, "customer" | "facilityExternalId" | "unitExternalId">) {
    if (!input.customer.phone)
      throw new PmsError("not_found", "The customer has no phone number to find their storEDGE ledger by.");
    const ledgers = await this.ledgersByPhone(input.facilityExternalId, input.customer.phone);
    const ledger =
      ledgers.find((l) => input.unitExternalId && l.unit?.id === input.unitExternalId) ??
      (ledgers.length === 1 ? ledgers[0] : undefined);
    if (!ledger)
      throw new PmsError(
        "not_found",
        ledgers.length
          ? `The tenant has ${ledgers.length} storEDGE ledgers and the payment's unit is none of them.`
          : "storEDGE has no active ledger for this phone number (a reservation has none until move-in).",
      );
    return ledger;
  }

  /**
   * storEDGE v1 `POST /v1/:facility_id/ledgers/pay_multiple_ledgers`: one "custom" payment of the
   * amount on the tenant's ledger for the unit (found by phone; the only ledger when the payment
   * names no unit storEDGE knows). The money was already collected (Stripe on the operator's account,
   * or cash staff took), so the tender is one storEDGE records without processing: cash as cash,
   * anything else as a check-type tender, never a card storEDGE would charge again. Our payment id is
   * the `idempotency_key`, so a retry after a timeout that storEDGE had accepted posts nothing twice.
   */
  async postPayment(input: PmsPaymentInput) {
    const ledger = await this.ledgerFor(input);
    const { first_name, last_name } = splitName(input.customer.name);
    const { successful_payment_event: event } = await this.client.request<{
      successful_payment_event: { id: string; success: boolean };
    }>("POST", `/v1/${encodeURIComponent(input.facilityExternalId)}/ledgers/pay_multiple_ledgers`, {
      body: {
        idempotency_key: `storage-agent-payment-${input.localId}`,
        payments: [{ ledger_id: ledger.id, amount: (input.amountCents / 100).toFixed(2), kind: "custom" }],
        payment_method: { kind: input.method === "cash" ? "cash" : "check", first_name, last_name: last_name ?? "" },
      },
    });
    return { externalId: event.id };
  }

  /**
   * storEDGE's API v1 documents no refund or payment reversal (storEDGE records a refund made outside
   * it as a manual cash or check refund, in its own screens), so the refund becomes a note on the
   * tenant's ledger (`POST /v1/:facility_id/notes` with `note[ledger_id]`, as in the reference's
   * example) saying what was given back, how, and which payment it reverses, for staff to record the
   * manual refund. Our refund id is in the text. The notes API takes no idempotency key and has no
   * documented way to list notes: our write-back row (one per refund) and its retry of only
   * unanswered attempts keep it to one note, except after a timeout storEDGE had in fact accepted.
   */
  async postRefund(input: PmsRefundInput) {
    const ledger = await this.ledgerFor(input);
    const amount = `$${(input.amountCents / 100).toFixed(2)}`;
    const how = input.method === "cash" ? "in cash" : input.method === "check" ? "by check" : "to the card";
    const { note_event: event } = await this.client.request<{ note_event: { id: string } }>(
      "POST",
      `/v1/${encodeURIComponent(input.facilityExternalId)}/notes`,
      {
        body: {
          note: {
            ledger_id: ledger.id,
            note_text:
              `Refund of ${amount} given back ${how} through Storage Agent on ${input.refundedAt.toISOString().slice(0, 10)}` +
              `${input.reason ? ` (${input.reason})` : ""}, of the payment posted as ${input.paymentExternalId ?? "a custom payment"}` +
              `${input.reference ? `, reference ${input.reference}` : ""}. ` +
              `The money is already returned: record a manual ${input.method === "cash" ? "cash" : "check"} refund of ${amount} on this ledger. ` +
              `[storage-agent-refund:${input.localId}]`,
          },
        },
      },
    );
    return { externalId: event.id };
  }
}

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Requests to storEDGE in flight at once during a pull. storEDGE publishes no rate limit; four is a
 * polite client's number (a 429 would fail the sync like an outage: retried with backoff).
 */
export const PULL_CONCURRENCY = 4;

/** `fn` over `items`, at most `limit` at a time, results in the items' order; the first failure stops it. */
async function mapWithConcurrency<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function mapFacility(f: StoredgeFacilityInfo): PmsFacility {
  return {
    externalId: f.id,
    name: f.name,
    addressLine1: f.address?.address1 ?? "",
    city: f.address?.city ?? "",
    state: f.address?.state ?? "",
    postalCode: f.address?.postal ?? "",
    country: f.address?.country ?? "US",
    phone: f.phone ?? null,
    timeZone: f.time_zone ?? null,
  };
}
