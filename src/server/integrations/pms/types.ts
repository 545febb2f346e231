import type { PaymentMethod, PmsProvider, PromotionKind, UnitFeature, UnitStatus } from "@/server/db/schema";

/**
 * The one interface every PMS adapter implements (DESIGN.md, "PMS adapters"): pull inventory, push
 * leads and reservations, look up a tenant. Shapes here are ours, already mapped from the vendor's:
 * money in integer cents, sizes in feet, statuses in our four.
 */
export interface PmsFacility {
  externalId: string;
  name: string;
  addressLine1: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  phone: string | null;
  timeZone: string | null;
}

export interface PmsUnitType {
  externalId: string;
  facilityExternalId: string;
  name: string;
  widthFt: number;
  lengthFt: number;
  heightFt: number | null;
  features: UnitFeature[];
  streetRateCents: number;
  webRateCents: number;
  /** false: not offered (Stora "unbookable"/"hidden", storEDGE deleted). */
  active: boolean;
}

export interface PmsUnit {
  externalId: string;
  facilityExternalId: string;
  unitTypeExternalId: string;
  number: string;
  status: UnitStatus;
  floor: number | null;
}

export interface PmsPromotion {
  externalId: string;
  name: string;
  kind: PromotionKind;
  value: number;
  months: number;
}

export interface PmsInventory {
  facilities: PmsFacility[];
  unitTypes: PmsUnitType[];
  units: PmsUnit[];
  promotions: PmsPromotion[];
}

export interface PmsCustomerInput {
  name: string;
  phone: string | null;
  email: string | null;
}

export interface PmsLeadInput {
  /** Our lead id: sent where the PMS keeps an external reference, so a retry can be recognised. */
  localId: string;
  facilityExternalId: string;
  unitTypeExternalId: string | null;
  desiredMoveInDate: string | null;
  customer: PmsCustomerInput;
}

export interface PmsReservationInput {
  localId: string;
  /**
   * The PMS record our lead for this booking was written back as (a storEDGE lead, a Stora contact),
   * when there is one: the reservation is made from it (storEDGE converts the lead by attaching the
   * unit; Stora's order names the contact) rather than as a second record of the same person.
   */
  leadExternalId?: string | null;
  facilityExternalId: string;
  unitExternalId: string;
  unitTypeExternalId: string;
  moveInDate: string;
  monthlyRateCents: number;
  customer: PmsCustomerInput;
}

/**
 * Money a customer paid us (a pay link, a phone payment, staff recording cash), posted to the PMS so
 * its ledger, the source of the balance when a PMS is connected, shows it too.
 */
export interface PmsPaymentInput {
  /** Our payment id: sent as the PMS's idempotency key or reference, so a retry never posts twice. */
  localId: string;
  facilityExternalId: string;
  /** The PMS unit the payment is for (its rental's or reservation's unit), when it is linked. */
  unitExternalId: string | null;
  amountCents: number;
  /** ISO 4217, lower case as we store it ("usd", "gbp"). */
  currency: string;
  method: PaymentMethod;
  receivedAt: Date;
  /** Where the money came through, for staff reconciling it (a Stripe PaymentIntent id), or null. */
  reference: string | null;
  customer: PmsCustomerInput;
}

/**
 * Part or all of a payment we posted to the PMS, given back (a refund made from the dashboard or the
 * API, or in the operator's Stripe Dashboard): recorded in the PMS so its ledger, the source of the
 * balance, is not left showing money the customer no longer paid.
 */
export interface PmsRefundInput {
  /** Our refund's ledger entry id: the PMS's idempotency key or reference, so a retry records it once. */
  localId: string;
  /** Our payment's id, and what the PMS gave back when it was posted (a storEDGE payment, a Stora note). */
  paymentLocalId: string;
  paymentExternalId: string | null;
  facilityExternalId: string;
  unitExternalId: string | null;
  amountCents: number;
  currency: string;
  /** How the payment was made (a card refund goes back to the card; cash is handed back). */
  method: PaymentMethod;
  refundedAt: Date;
  reason: string | null;
  /** Where the refund went through (Stripe's refund id), or null for cash. */
  reference: string | null;
  customer: PmsCustomerInput;
}

export interface PmsTenantAccount {
  externalId: string;
  name: string;
  units: { number: string; facilityExternalId: string | null }[];
  /** What the PMS says they owe now, in minor units (negative: in credit). */
  balanceCents: number;
  /**
   * The date (YYYY-MM-DD) of the oldest amount the PMS says is unpaid, when it owes something and
   * the PMS dates it (storEDGE: the day after `paid_through`; Stora: the oldest open invoice), else
   * null. Collections count the days after it, as they do from our own ledger's due date.
   */
  pastDueSince: string | null;
  /** Only where the PMS exposes it (storEDGE's gate access); never logged. */
  gateCode: string | null;
}

export interface PmsConnectionTest {
  ok: boolean;
  /** Facilities (storEDGE) or sites (Stora) the credentials can see. */
  facilities: { externalId: string; name: string }[];
}

export interface PmsAdapter {
  readonly provider: PmsProvider;
  /** Throws PmsError with kind "auth", "not_found" (wrong facility id), "scope" or "unreachable". */
  testConnection(): Promise<PmsConnectionTest>;
  /** Everything, or (with `updatedSince`) what the PMS says changed since then, where it can say. */
  pullInventory(opts?: { updatedSince?: Date | null }): Promise<PmsInventory>;
  createLead(input: PmsLeadInput): Promise<{ externalId: string }>;
  /** Throws PmsError "refused" when the PMS will not hold that unit (taken there). */
  createReservation(input: PmsReservationInput): Promise<{ externalId: string }>;
  cancelReservation(input: { externalId: string; facilityExternalId: string }): Promise<void>;
  findTenantByPhone(phone: string): Promise<PmsTenantAccount | null>;
  /**
   * Records a payment we received on the tenant's PMS account, found by the customer's phone. Throws
   * PmsError "not_found" when the PMS has no account to post it to (retrying will not find one).
   */
  postPayment(input: PmsPaymentInput): Promise<{ externalId: string }>;
  /**
   * Records a refund of a payment posted with postPayment. Neither PMS's public API can record a
   * refund on its ledger (storEDGE v1 documents no refund or reversal; Stora 2025-09 has read-only
   * invoices): both write a note staff act on, like Stora's payments. Throws PmsError "not_found"
   * when there is no account to put it on.
   */
  postRefund(input: PmsRefundInput): Promise<{ externalId: string }>;
}

export type PmsErrorKind =
  | "auth"
  | "scope"
  | "not_found"
  | "refused"
  | "invalid"
  | "unreachable"
  | "server"
  /** Our stored copy of the credentials cannot be read (decryption failed): only the operator can fix it. */
  | "credentials";

/**
 * What went wrong talking to a PMS, in words an operator can act on; `pmsMessage` is the PMS's own
 * message (shown with the connection's last errors), never a credential.
 */
export class PmsError extends Error {
  constructor(
    readonly kind: PmsErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly pmsMessage: string | null = null,
  ) {
    super(message);
    this.name = "PmsError";
  }

  /** Worth retrying later: the PMS was slow, down or failing, not saying no. */
  get transient() {
    return this.kind === "unreachable" || this.kind === "server";
  }
}

/** The operator-facing sentence for a failed call, by kind. */
export function describePmsError(provider: string, err: PmsError): string {
  switch (err.kind) {
    case "auth":
      return `${provider} did not accept these credentials. Check the key and secret and try again.`;
    case "scope":
      return `${provider} accepted the credentials but they lack a permission we need${err.pmsMessage ? ` (${err.pmsMessage})` : ""}.`;
    case "not_found":
      return `${provider} does not know that facility. Check the facility id.`;
    case "unreachable":
      return `${provider} did not answer in time. Try again in a minute.`;
    case "credentials":
      return `The stored ${provider} credentials can no longer be read (the server's encryption key changed). Sync is paused: enter the credentials again in Settings > Integrations.`;
    default:
      return `${provider} answered with an error${err.pmsMessage ? `: ${err.pmsMessage}` : ""}.`;
  }
}
