/**
 * Stripe Connect in the fake Stripe (./stripe-server.ts): connected accounts, Account Links and
 * their hosted onboarding page, and customers paying an operator: Checkout Sessions in payment mode
 * created on a connected account (the `Stripe-Account` header), their PaymentIntents, Charges and
 * Refunds, and signed Connect events (each carries `account`) sent to the Connect webhook URL.
 *
 *   POST /v1/accounts, GET /v1/accounts/:id         (platform)
 *   POST /v1/account_links                          (platform) -> /connect/onboard/:id hosted page
 *   POST /v1/checkout/sessions (mode=payment)       (connected account)
 *   GET  /v1/checkout/sessions/:id, POST .../expire (connected account)
 *   GET  /v1/payment_intents/:id, GET /v1/charges/:id, POST /v1/refunds, GET /v1/refunds/:id
 *   GET  /v1/disputes/:id                           (connected account; made by `dispute()`)
 *
 * An object made on a connected account is only found with that account's header: asking with
 * another one is a 404, as on Stripe.
 */
import { randomBytes } from "node:crypto";

import { signWebhookPayload } from "../../src/server/integrations/stripe";

type Obj = Record<string, unknown>;

export class ConnectHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const CLOSED_DISPUTE = new Set(["won", "lost", "warning_closed", "prevented"]);
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const nowSec = () => Math.floor(Date.now() / 1000);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface ConnectEvent {
  event: Obj & { id: string };
  payload: string;
  header: string;
}

export interface ConnectDelivery {
  status: number;
  body: string;
  eventId: string;
  type: string;
}

/** Stripe's test card that is always declined. */
export const DECLINED_CARD = "4000000000000002";

export function createConnectFake(opts: { webhookSecret: () => string; base: () => string }) {
  const accounts = new Map<string, Obj>();
  const accountLinks = new Map<string, Obj>();
  /** Objects on connected accounts, by id; `account` says whose. */
  const sessions = new Map<string, Obj & { account: string; line_items: Obj[] }>();
  const paymentIntents = new Map<string, Obj & { account: string }>();
  const charges = new Map<string, Obj & { account: string }>();
  const refunds = new Map<string, Obj & { account: string }>();
  const disputes = new Map<string, Obj & { account: string }>();
  const deliveries: ConnectDelivery[] = [];

  function onAccount<T extends { account: string }>(
    map: Map<string, T>,
    id: string,
    account: string | null,
    what: string,
  ): T {
    const v = map.get(id);
    if (!v || v.account !== account) throw new ConnectHttpError(404, `No such ${what}: '${id}'`, "resource_missing");
    return v;
  }

  const visible = (o: Obj) => {
    const { account: _a, line_items: _l, ...rest } = o;
    return rest;
  };

  /** A signed Connect event: like a platform event, plus the connected account it happened on. */
  function event(type: string, object: Obj, account: string, o: { id?: string } = {}): ConnectEvent {
    const evt = {
      id: o.id ?? newId("evt"),
      object: "event",
      api_version: "2026-10-28.endive",
      created: nowSec(),
      type,
      account,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: structuredClone(visible(object)) },
    };
    const payload = JSON.stringify(evt, null, 2);
    return { event: evt, payload, header: signWebhookPayload(payload, opts.webhookSecret()) };
  }

  async function deliver(e: ConnectEvent): Promise<ConnectDelivery> {
    const url = connect.webhookUrl;
    if (!url) throw new Error("fake Stripe has no Connect webhook URL to deliver to");
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": e.header },
      body: e.payload,
    });
    const d = { status: res.status, body: await res.text(), eventId: e.event.id, type: String(e.event.type) };
    deliveries.push(d);
    return d;
  }

  // ---- accounts ---------------------------------------------------------------------------------
  function completeOnboarding(accountId: string) {
    const a = accounts.get(accountId);
    if (!a) throw new ConnectHttpError(404, `No such account: '${accountId}'`, "resource_missing");
    Object.assign(a, {
      details_submitted: true,
      charges_enabled: true,
      payouts_enabled: true,
      requirements: { currently_due: [], eventually_due: [], past_due: [], disabled_reason: null },
      business_profile: { ...(a.business_profile as Obj), name: (a.business_profile as Obj)?.name ?? "Operator" },
    });
    return event("account.updated", a, accountId);
  }

  // ---- payments on a connected account ---------------------------------------------------------
  function sessionTotal(s: { line_items: Obj[] }) {
    return s.line_items.reduce((sum, li) => {
      const pd = li.price_data as Obj | undefined;
      return sum + Number(pd?.unit_amount ?? 0) * Number(li.quantity ?? 1);
    }, 0);
  }

  /**
   * The customer pays an open session: a succeeded PaymentIntent and its Charge, the session
   * complete. Returns the two events Stripe sends (in no guaranteed order); the caller delivers them.
   */
  function paySession(sessionId: string): { checkoutCompleted: ConnectEvent; paymentSucceeded: ConnectEvent } {
    const s = sessions.get(sessionId);
    if (!s) throw new ConnectHttpError(404, `No such checkout.session: '${sessionId}'`, "resource_missing");
    if (s.status !== "open") throw new ConnectHttpError(400, "This Checkout Session is no longer open.");
    const amount = sessionTotal(s);
    const pid = (s.payment_intent_data as Obj | undefined) ?? {};
    const piId = newId("pi");
    const chId = newId("ch");
    const charge = {
      id: chId,
      object: "charge",
      account: s.account,
      amount,
      amount_captured: amount,
      amount_refunded: 0,
      currency: s.currency ?? "usd",
      paid: true,
      refunded: false,
      status: "succeeded",
      payment_intent: piId,
      application_fee_amount: pid.application_fee_amount ? Number(pid.application_fee_amount) : null,
      metadata: (pid.metadata as Obj) ?? {},
      refunds: { object: "list", data: [] as Obj[], has_more: false },
      created: nowSec(),
      livemode: false,
    };
    charges.set(chId, charge);
    const pi = {
      id: piId,
      object: "payment_intent",
      account: s.account,
      amount,
      amount_received: amount,
      currency: s.currency ?? "usd",
      status: "succeeded",
      latest_charge: chId,
      application_fee_amount: charge.application_fee_amount,
      metadata: (pid.metadata as Obj) ?? {},
      last_payment_error: null,
      created: nowSec(),
      livemode: false,
    };
    paymentIntents.set(piId, pi);
    Object.assign(s, { status: "complete", payment_status: "paid", payment_intent: piId, amount_total: amount });
    return {
      checkoutCompleted: event("checkout.session.completed", s, s.account),
      paymentSucceeded: event("payment_intent.succeeded", pi, s.account),
    };
  }

  /**
   * A card charge on a connected account made outside Checkout, as a processor integration (Twilio's
   * <Pay> Stripe connector) makes it: a confirmed PaymentIntent and its Charge, or card_declined for
   * Stripe's declined test card 4000 0000 0000 0002. Only the brand and last four stay on the charge,
   * as on Stripe.
   */
  function chargeCard(input: {
    account: string;
    amountCents: number;
    currency?: string;
    card: string;
    description?: string;
  }) {
    if (!accounts.has(input.account))
      throw new ConnectHttpError(404, `No such account: '${input.account}'`, "resource_missing");
    if (input.card === DECLINED_CARD) throw new ConnectHttpError(402, "Your card was declined.", "card_declined");
    const piId = newId("pi");
    const chId = newId("ch");
    const currency = input.currency ?? "usd";
    const charge = {
      id: chId,
      object: "charge",
      account: input.account,
      amount: input.amountCents,
      amount_captured: input.amountCents,
      amount_refunded: 0,
      currency,
      paid: true,
      refunded: false,
      status: "succeeded",
      payment_intent: piId,
      description: input.description ?? null,
      payment_method_details: { type: "card", card: { brand: "visa", last4: input.card.slice(-4) } },
      metadata: {},
      refunds: { object: "list", data: [] as Obj[], has_more: false },
      created: nowSec(),
      livemode: false,
    };
    charges.set(chId, charge);
    const pi = {
      id: piId,
      object: "payment_intent",
      account: input.account,
      amount: input.amountCents,
      amount_received: input.amountCents,
      currency,
      status: "succeeded",
      latest_charge: chId,
      description: input.description ?? null,
      metadata: {},
      last_payment_error: null,
      created: nowSec(),
      livemode: false,
    };
    paymentIntents.set(piId, pi);
    return { paymentIntent: pi, charge, event: event("payment_intent.succeeded", pi, input.account) };
  }

  /** The card is declined: the PaymentIntent waits for another method; the session stays open. */
  function declineSession(sessionId: string): ConnectEvent {
    const s = sessions.get(sessionId);
    if (!s) throw new ConnectHttpError(404, `No such checkout.session: '${sessionId}'`, "resource_missing");
    const pid = (s.payment_intent_data as Obj | undefined) ?? {};
    const existing = s.payment_intent ? paymentIntents.get(String(s.payment_intent)) : undefined;
    const pi = existing ?? {
      id: newId("pi"),
      object: "payment_intent",
      account: s.account,
      amount: sessionTotal(s),
      amount_received: 0,
      currency: s.currency ?? "usd",
      latest_charge: null,
      metadata: (pid.metadata as Obj) ?? {},
      created: nowSec(),
      livemode: false,
    };
    Object.assign(pi, {
      status: "requires_payment_method",
      last_payment_error: { code: "card_declined", message: "Your card was declined." },
    });
    paymentIntents.set(String(pi.id), pi as Obj & { account: string });
    s.payment_intent = pi.id;
    return event("payment_intent.payment_failed", pi, s.account);
  }

  function refund(account: string, chargeId: string, amount?: number, reason?: string, metadata?: Obj) {
    const ch = onAccount(charges, chargeId, account, "charge");
    if (reason && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason))
      throw new ConnectHttpError(400, `Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`);
    if (
      ch.disputed &&
      [...disputes.values()].some((d) => d.charge === chargeId && !CLOSED_DISPUTE.has(String(d.status)))
    )
      throw new ConnectHttpError(
        400,
        `Charge ${chargeId} has been charged back; cannot issue a refund.`,
        "charge_disputed",
      );
    const left = Number(ch.amount) - Number(ch.amount_refunded);
    const value = amount ?? left;
    if (value <= 0 || value > left)
      throw new ConnectHttpError(400, `Refund amount (${value}) is greater than unrefunded amount on charge (${left})`);
    const re = {
      id: newId("re"),
      object: "refund",
      account,
      amount: value,
      charge: chargeId,
      payment_intent: ch.payment_intent,
      currency: ch.currency,
      status: "succeeded",
      reason: reason ?? null,
      metadata: metadata ?? {},
      created: nowSec(),
    };
    refunds.set(re.id, re);
    const list = ch.refunds as { data: Obj[] };
    list.data.unshift(visible(re));
    ch.amount_refunded = Number(ch.amount_refunded) + value;
    ch.refunded = ch.amount_refunded === ch.amount;
    return { refund: re, event: event("charge.refunded", ch, account) };
  }

  /**
   * The cardholder's bank disputes a charge (as Stripe's test card 4000 0000 0000 0259 would): a
   * dispute needing a response, evidence due in 7 days, and its `charge.dispute.created` event.
   */
  function dispute(account: string, chargeId: string, o: { amount?: number; reason?: string } = {}) {
    const ch = onAccount(charges, chargeId, account, "charge");
    const dp = {
      id: newId("dp"),
      object: "dispute",
      account,
      amount: o.amount ?? Number(ch.amount) - Number(ch.amount_refunded),
      charge: chargeId,
      payment_intent: ch.payment_intent,
      currency: ch.currency,
      reason: o.reason ?? "fraudulent",
      status: "needs_response",
      is_charge_refundable: false,
      evidence_details: { due_by: nowSec() + 7 * 86_400, has_evidence: false, past_due: false, submission_count: 0 },
      metadata: {},
      created: nowSec(),
      livemode: false,
    };
    disputes.set(dp.id, dp);
    ch.disputed = true;
    return { dispute: dp, event: event("charge.dispute.created", dp, account) };
  }

  /** Stripe changes a dispute (evidence submitted: under_review; or a new deadline): `charge.dispute.updated`. */
  function updateDispute(id: string, patch: Obj) {
    const dp = disputes.get(id);
    if (!dp) throw new ConnectHttpError(404, `No such dispute: '${id}'`, "resource_missing");
    Object.assign(dp, patch);
    return event("charge.dispute.updated", dp, dp.account);
  }

  /** The bank decides: `charge.dispute.closed` with status won or lost. */
  function closeDispute(id: string, outcome: "won" | "lost") {
    const dp = disputes.get(id);
    if (!dp) throw new ConnectHttpError(404, `No such dispute: '${id}'`, "resource_missing");
    dp.status = outcome;
    return event("charge.dispute.closed", dp, dp.account);
  }

  /** Platform or connected-account API calls; undefined when the path is not Connect's. */
  function api(method: string, parts: string[], body: Obj, account: string | null): Obj | undefined {
    const [a, b, c] = parts;
    if (a === "accounts" && method === "POST" && !b) {
      if (account) throw new ConnectHttpError(400, "Accounts are created by the platform.");
      if (body.type && !["standard", "express", "custom"].includes(String(body.type)))
        throw new ConnectHttpError(400, `Invalid type: ${String(body.type)}`);
      const acct = {
        id: newId("acct"),
        object: "account",
        type: body.type ?? "standard",
        email: body.email ?? null,
        country: body.country ?? "US",
        default_currency: "usd",
        details_submitted: false,
        charges_enabled: false,
        payouts_enabled: false,
        requirements: {
          currently_due: ["business_profile.url", "external_account", "tos_acceptance.date"],
          eventually_due: [],
          past_due: [],
          disabled_reason: "requirements.past_due",
        },
        business_profile: (body.business_profile as Obj) ?? {},
        metadata: body.metadata ?? {},
        created: nowSec(),
      };
      accounts.set(acct.id, acct);
      return acct;
    }
    if (a === "accounts" && method === "GET" && b) {
      const acct = accounts.get(b);
      if (!acct) throw new ConnectHttpError(404, `No such account: '${b}'`, "resource_missing");
      return acct;
    }
    if (a === "account_links" && method === "POST") {
      const acct = accounts.get(String(body.account));
      if (!acct) throw new ConnectHttpError(400, `No such account: '${String(body.account)}'`, "resource_missing");
      if (body.type !== "account_onboarding" && body.type !== "account_update")
        throw new ConnectHttpError(400, "Invalid type.");
      if (!body.return_url || !body.refresh_url)
        throw new ConnectHttpError(400, "Missing required param: return_url / refresh_url.");
      const id = newId("acctlink");
      const link = {
        object: "account_link",
        created: nowSec(),
        expires_at: nowSec() + 300,
        url: `${opts.base()}/connect/onboard/${id}`,
        account: acct.id,
        return_url: body.return_url,
        refresh_url: body.refresh_url,
      };
      accountLinks.set(id, link);
      return { object: link.object, created: link.created, expires_at: link.expires_at, url: link.url };
    }
    if (a === "checkout" && b === "sessions" && method === "POST" && !c && body.mode === "payment") {
      if (!account)
        throw new ConnectHttpError(400, "The fake takes payment-mode sessions on a connected account only.");
      const acct = accounts.get(account);
      if (!acct) throw new ConnectHttpError(403, `The provided key does not have access to account '${account}'.`);
      if (!acct.charges_enabled) throw new ConnectHttpError(400, "This account cannot currently make live charges.");
      const lineItems = (body.line_items as Obj[] | undefined) ?? [];
      if (lineItems.length === 0) throw new ConnectHttpError(400, "Missing required param: line_items.");
      for (const li of lineItems) {
        const pd = li.price_data as Obj | undefined;
        if (!pd || !/^\d+$/.test(String(pd.unit_amount ?? "")))
          throw new ConnectHttpError(400, "line_items[][price_data][unit_amount] must be a non-negative integer.");
      }
      if (!body.success_url) throw new ConnectHttpError(400, "Missing required param: success_url.");
      const expiresAt = body.expires_at ? Number(body.expires_at) : nowSec() + 86_400;
      if (expiresAt < nowSec() + 1800 - 5 || expiresAt > nowSec() + 86_400 + 5)
        throw new ConnectHttpError(400, "expires_at must be between 30 minutes and 24 hours from now.");
      const id = newId("cs_test");
      const s = {
        id,
        object: "checkout.session",
        account,
        mode: "payment",
        status: "open",
        payment_status: "unpaid",
        currency: ((lineItems[0]!.price_data as Obj).currency as string) ?? "usd",
        customer_email: body.customer_email ?? null,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        payment_intent: null,
        payment_intent_data: (body.payment_intent_data as Obj) ?? {},
        amount_total: 0,
        success_url: body.success_url,
        cancel_url: body.cancel_url ?? null,
        expires_at: expiresAt,
        url: `${opts.base()}/pay/${id}`,
        livemode: false,
        created: nowSec(),
        line_items: lineItems,
      };
      s.amount_total = sessionTotal(s);
      sessions.set(id, s);
      return visible(s);
    }
    if (a === "checkout" && b === "sessions" && c && sessions.has(c)) {
      const s = onAccount(sessions, c, account, "checkout.session");
      if (method === "GET" && !parts[3]) return visible(s);
      if (method === "POST" && parts[3] === "expire") {
        if (s.status !== "open") throw new ConnectHttpError(400, "Only open sessions can be expired.");
        s.status = "expired";
        return visible(s);
      }
    }
    if (a === "payment_intents" && method === "GET" && b)
      return visible(onAccount(paymentIntents, b, account, "payment_intent"));
    if (a === "charges" && method === "GET" && b) return visible(onAccount(charges, b, account, "charge"));
    if (a === "refunds" && method === "POST" && !b) {
      if (!account) throw new ConnectHttpError(400, "Refunds of direct charges are made on the connected account.");
      let chargeId = body.charge ? String(body.charge) : null;
      if (!chargeId && body.payment_intent)
        chargeId = String(
          onAccount(paymentIntents, String(body.payment_intent), account, "payment_intent").latest_charge,
        );
      if (!chargeId) throw new ConnectHttpError(400, "Missing required param: charge or payment_intent.");
      const r = refund(
        account,
        chargeId,
        body.amount ? Number(body.amount) : undefined,
        body.reason as string,
        (body.metadata as Obj) ?? {},
      );
      pendingEvents.push(r.event);
      return visible(r.refund);
    }
    if (a === "refunds" && method === "GET" && b) return visible(onAccount(refunds, b, account, "refund"));
    if (a === "disputes" && method === "GET" && b) return visible(onAccount(disputes, b, account, "dispute"));
    return undefined;
  }

  /** Events from API calls (a refund made through the API), delivered after the response. */
  const pendingEvents: ConnectEvent[] = [];

  async function flushPending() {
    while (pendingEvents.length && connect.webhookUrl) await deliver(pendingEvents.shift()!);
  }

  const page = (title: string, inner: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">${inner}</body></html>`;

  /** Hosted pages: onboarding (/connect/onboard/:id) and payment-mode Checkout (/pay/:session). */
  async function pages(
    method: string,
    pathname: string,
  ): Promise<{ status: number; html: string; location?: string } | null> {
    const onboard = pathname.match(/^\/connect\/onboard\/([^/]+)(\/submit)?$/);
    if (onboard) {
      const link = accountLinks.get(onboard[1]!);
      if (!link) return { status: 404, html: page("Not found", "<h1>This onboarding link is not valid</h1>") };
      if (method === "GET" && !onboard[2])
        return {
          status: 200,
          html: page(
            "Onboarding (test)",
            `<h1>Fake Stripe onboarding</h1><p>Account ${escapeHtml(String(link.account))}</p><form method="post" action="/connect/onboard/${onboard[1]}/submit"><button type="submit">Submit details</button></form>`,
          ),
        };
      if (method === "POST" && onboard[2]) {
        const e = completeOnboarding(String(link.account));
        if (connect.webhookUrl) await deliver(e);
        return { status: 303, html: "", location: String(link.return_url) };
      }
    }
    const pay = pathname.match(/^\/pay\/([^/]+)(\/(pay|decline))?$/);
    if (pay) {
      const s = sessions.get(pay[1]!);
      if (!s) return { status: 404, html: page("Not found", "<h1>No such Checkout Session</h1>") };
      if (method === "GET" && !pay[2]) {
        const items = s.line_items
          .map((li) => {
            const pd = li.price_data as Obj;
            const name = String((pd.product_data as Obj | undefined)?.name ?? "");
            return `<li>${escapeHtml(name)}: ${(Number(pd.unit_amount) / 100).toFixed(2)}</li>`;
          })
          .join("");
        const total = (sessionTotal(s) / 100).toFixed(2);
        const body =
          s.status === "open"
            ? `<form method="post" action="/pay/${pay[1]}/pay"><button type="submit">Pay $${total}</button></form>`
            : `<p>This Checkout Session is ${escapeHtml(String(s.status))}.</p>`;
        return {
          status: 200,
          html: page("Checkout (test)", `<h1>Fake Stripe Checkout</h1><ul>${items}</ul><p>Total $${total}</p>${body}`),
        };
      }
      if (method === "POST" && pay[3] === "pay") {
        const { checkoutCompleted, paymentSucceeded } = paySession(pay[1]!);
        const sent = connect.webhookUrl ? [await deliver(checkoutCompleted), await deliver(paymentSucceeded)] : [];
        const failed = sent.find((d) => d.status >= 300);
        if (failed)
          return {
            status: 502,
            html: page("Webhook failed", `<h1>Webhook delivery failed</h1><pre>${escapeHtml(failed.body)}</pre>`),
          };
        return { status: 303, html: "", location: String(s.success_url).replace("{CHECKOUT_SESSION_ID}", pay[1]!) };
      }
    }
    return null;
  }

  const connect = {
    webhookUrl: null as string | null,
    accounts,
    accountLinks,
    sessions,
    paymentIntents,
    charges,
    refunds,
    disputes,
    dispute,
    updateDispute,
    closeDispute,
    deliveries,
    event,
    deliver,
    api,
    pages,
    flushPending,
    completeOnboarding,
    paySession,
    declineSession,
    chargeCard,
    DECLINED_CARD,
    refund,
    /** Changes an account as Stripe would (requirements due, charges disabled). */
    updateAccount(id: string, patch: Obj) {
      const a = accounts.get(id);
      if (!a) throw new Error(`no account ${id}`);
      Object.assign(a, patch);
      return event("account.updated", a, id);
    },
  };
  return connect;
}

export type FakeStripeConnect = ReturnType<typeof createConnectFake>;
