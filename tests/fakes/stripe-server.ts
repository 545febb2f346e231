/**
 * A local fake of the parts of Stripe's HTTP API that Storage Agent uses, for tests and the
 * Playwright run. The app reaches it through the real `stripe` SDK (STRIPE_API_BASE), so request
 * encoding (form bodies with bracketed keys), auth and error shapes are exercised for real.
 *
 *   /v1/customers                     POST create, GET retrieve
 *   /v1/checkout/sessions             POST create, GET retrieve
 *   /v1/billing_portal/sessions       POST create
 *   /v1/subscriptions/:id             GET retrieve
 *   /v1/invoices/:id                  GET retrieve
 *   /v1/billing/meter_events          POST create (deduplicated by identifier)
 *   /checkout/:id                     hosted Checkout page: "Pay" completes the session, creates the
 *                                     subscription, POSTs a signed checkout.session.completed and
 *                                     customer.subscription.created to `webhookUrl` and redirects
 *                                     to the success URL
 *   /portal/:id                       hosted portal page: return link and "Cancel subscription"
 *   Connect (accounts, account links, payment-mode Checkout on a connected account, payment
 *   intents, charges, refunds, their hosted pages and signed Connect events): ./stripe-connect.ts
 *
 * Tests drive state changes through the returned object (updateSubscription, failPayment, event,
 * sendEvent) and sign webhook payloads with the SDK's own test-header helper.
 *
 * Run standalone (for Playwright): `tsx tests/fakes/stripe-server.ts` with STRIPE_FAKE_PORT,
 * STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and STRIPE_FAKE_WEBHOOK_URL set.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

import { signWebhookPayload } from "../../src/server/integrations/stripe";
import { ConnectHttpError, createConnectFake } from "./stripe-connect";

type Obj = Record<string, unknown>;

export interface FakeStripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** Where signed events are POSTed (the app's /api/stripe/webhook). Can be set later. */
  webhookUrl?: string | null;
  port?: number;
  /** Signs Connect events (the Connect endpoint has a secret of its own); default: `webhookSecret`. */
  connectWebhookSecret?: string;
  /** Where signed Connect events are POSTed (the app's /api/stripe/connect-webhook). Can be set later. */
  connectWebhookUrl?: string | null;
  /** Recurring interval of each price id; prices not listed are monthly unless their id mentions "year". */
  priceIntervals?: Record<string, "month" | "year">;
}

export interface WebhookDelivery {
  status: number;
  body: string;
  eventId: string;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const nowSec = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;

/** Decodes Stripe's form encoding: `a[b][0][c]=v` into nested objects and arrays. */
export function parseStripeForm(body: string): Obj {
  const root: Obj = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, "").split("[");
    let node: Obj = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Obj;
    });
  }
  return arraysFromIndexedObjects(root) as Obj;
}

function arraysFromIndexedObjects(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  const entries = Object.entries(v as Obj).map(([k, x]) => [k, arraysFromIndexedObjects(x)] as const);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, x]) => x);
  }
  return Object.fromEntries(entries);
}

class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startFakeStripe(opts: FakeStripeOptions) {
  const customers = new Map<string, Obj>();
  const sessions = new Map<string, Obj & { line_items: Obj[]; subscription_data: Obj }>();
  const portalSessions = new Map<string, Obj>();
  const subscriptions = new Map<string, Obj>();
  const invoices = new Map<string, Obj>();
  const meterEvents = new Map<string, Obj>();
  const idempotent = new Map<string, { status: number; body: Obj }>();
  const requests: { method: string; path: string; body: Obj }[] = [];
  const deliveries: WebhookDelivery[] = [];
  let base = "";
  const connect = createConnectFake({
    webhookSecret: () => opts.connectWebhookSecret ?? opts.webhookSecret,
    base: () => base,
  });
  connect.webhookUrl = opts.connectWebhookUrl ?? null;

  const intervalOf = (price: string): "month" | "year" =>
    opts.priceIntervals?.[price] ?? (/year/i.test(price) ? "year" : "month");

  function must<T>(map: Map<string, T>, id: string, what: string): T {
    const v = map.get(id);
    if (!v) throw new StripeHttpError(404, `No such ${what}: '${id}'`, "resource_missing");
    return v;
  }

  // ---- object factories -------------------------------------------------------------------------
  function createSubscription(input: {
    customer: string;
    price: string;
    extraPrices?: string[];
    trialDays?: number | null;
    metadata?: Obj;
  }) {
    const start = nowSec();
    const trialEnd = input.trialDays ? start + input.trialDays * DAY : null;
    const periodEnd = trialEnd ?? start + (intervalOf(input.price) === "year" ? 365 : 30) * DAY;
    const id = newId("sub");
    const item = (price: string) => ({
      id: newId("si"),
      object: "subscription_item",
      price: {
        id: price,
        object: "price",
        recurring: { interval: intervalOf(price), usage_type: price === input.price ? "licensed" : "metered" },
      },
      quantity: price === input.price ? 1 : undefined,
      subscription: id,
      current_period_start: start,
      current_period_end: periodEnd,
    });
    const sub: Obj = {
      id,
      object: "subscription",
      customer: input.customer,
      status: trialEnd ? "trialing" : "active",
      metadata: input.metadata ?? {},
      created: start,
      start_date: start,
      trial_start: trialEnd ? start : null,
      trial_end: trialEnd,
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      livemode: false,
      items: {
        object: "list",
        data: [item(input.price), ...(input.extraPrices ?? []).map(item)],
        has_more: false,
        url: `/v1/subscription_items?subscription=${id}`,
      },
    };
    subscriptions.set(id, sub);
    return sub;
  }

  function createInvoice(subscriptionId: string, status: "paid" | "open") {
    const sub = must(subscriptions, subscriptionId, "subscription");
    const inv: Obj = {
      id: newId("in"),
      object: "invoice",
      customer: sub.customer,
      status,
      livemode: false,
      created: nowSec(),
      parent: {
        type: "subscription_details",
        quote_details: null,
        subscription_details: { subscription: subscriptionId, metadata: sub.metadata },
      },
    };
    invoices.set(inv.id as string, inv);
    return inv;
  }

  // ---- webhooks ---------------------------------------------------------------------------------
  /** A signed event as Stripe would send it: `payload` is the exact body, `header` its Stripe-Signature. */
  function event(type: string, object: Obj, o: { id?: string; secret?: string } = {}) {
    const evt = {
      id: o.id ?? newId("evt"),
      object: "event",
      api_version: "2026-10-28.endive",
      created: nowSec(),
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: structuredClone(object) },
    };
    const payload = JSON.stringify(evt, null, 2);
    return { event: evt, payload, header: signWebhookPayload(payload, o.secret ?? opts.webhookSecret) };
  }

  async function deliver(payload: string, header: string, eventId: string): Promise<WebhookDelivery> {
    const url = fake.webhookUrl;
    if (!url) throw new Error("fake Stripe has no webhookUrl to deliver to");
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": header },
      body: payload,
    });
    const d = { status: res.status, body: await res.text(), eventId };
    deliveries.push(d);
    return d;
  }

  async function sendEvent(type: string, object: Obj) {
    const e = event(type, object);
    return deliver(e.payload, e.header, e.event.id);
  }

  // ---- checkout ---------------------------------------------------------------------------------
  async function completeCheckout(sessionId: string) {
    const s = must(sessions, sessionId, "checkout.session");
    if (s.status !== "open") throw new StripeHttpError(400, "This Checkout Session is no longer open.");
    const [main, ...extra] = s.line_items.map((li) => String(li.price));
    if (!main) throw new StripeHttpError(400, "Checkout Session has no line items.");
    const trial = s.subscription_data.trial_period_days ? Number(s.subscription_data.trial_period_days) : null;
    const sub = createSubscription({
      customer: String(s.customer),
      price: main,
      extraPrices: extra,
      trialDays: trial,
      metadata: (s.subscription_data.metadata as Obj) ?? {},
    });
    Object.assign(s, {
      status: "complete",
      payment_status: trial ? "no_payment_required" : "paid",
      subscription: sub.id,
    });
    // Stripe sends both, in no guaranteed order; the app must record the subscription from either.
    const delivery = fake.webhookUrl ? await sendEvent("checkout.session.completed", s) : null;
    const subscriptionDelivery = fake.webhookUrl ? await sendEvent("customer.subscription.created", sub) : null;
    return { subscription: sub, session: s, delivery, subscriptionDelivery };
  }

  // ---- API routing ------------------------------------------------------------------------------
  function api(method: string, path: string, body: Obj): Obj {
    const parts = path.split("/").filter(Boolean).slice(1); // drop "v1"
    const [a, b, c] = parts;
    if (a === "customers" && method === "POST" && !b) {
      const cus = {
        id: newId("cus"),
        object: "customer",
        email: body.email ?? null,
        name: body.name ?? null,
        metadata: body.metadata ?? {},
        created: nowSec(),
        livemode: false,
      };
      customers.set(cus.id, cus);
      return cus;
    }
    if (a === "customers" && method === "GET" && b) return must(customers, b, "customer");
    if (a === "checkout" && b === "sessions" && method === "POST" && !c) {
      if (body.mode !== "subscription") throw new StripeHttpError(400, "The fake supports mode=subscription only.");
      if (!body.customer || !customers.has(String(body.customer)))
        throw new StripeHttpError(400, `No such customer: '${String(body.customer)}'`, "resource_missing");
      const lineItems = (body.line_items as Obj[] | undefined) ?? [];
      if (lineItems.length === 0) throw new StripeHttpError(400, "Missing required param: line_items.");
      if (!body.success_url) throw new StripeHttpError(400, "Missing required param: success_url.");
      const id = newId("cs_test");
      const s = {
        id,
        object: "checkout.session",
        mode: "subscription",
        status: "open",
        payment_status: "unpaid",
        customer: body.customer,
        client_reference_id: body.client_reference_id ?? null,
        metadata: body.metadata ?? {},
        subscription: null,
        success_url: body.success_url,
        cancel_url: body.cancel_url ?? null,
        url: `${base}/checkout/${id}`,
        livemode: false,
        created: nowSec(),
        line_items: lineItems,
        subscription_data: (body.subscription_data as Obj) ?? {},
      };
      sessions.set(id, s);
      return s;
    }
    if (a === "checkout" && b === "sessions" && method === "GET" && c) return must(sessions, c, "checkout.session");
    if (a === "billing_portal" && b === "sessions" && method === "POST") {
      if (!body.customer || !customers.has(String(body.customer)))
        throw new StripeHttpError(400, `No such customer: '${String(body.customer)}'`, "resource_missing");
      const id = newId("bps");
      const p = {
        id,
        object: "billing_portal.session",
        customer: body.customer,
        return_url: body.return_url ?? null,
        url: `${base}/portal/${id}`,
        livemode: false,
        created: nowSec(),
      };
      portalSessions.set(id, p);
      return p;
    }
    if (a === "subscriptions" && method === "GET" && b) return must(subscriptions, b, "subscription");
    if (a === "invoices" && method === "GET" && b) return must(invoices, b, "invoice");
    if (a === "billing" && b === "meter_events" && method === "POST") {
      const payload = (body.payload as Obj | undefined) ?? {};
      if (!body.event_name) throw new StripeHttpError(400, "Missing required param: event_name.");
      if (!payload.stripe_customer_id || payload.value === undefined)
        throw new StripeHttpError(400, "payload needs stripe_customer_id and value.");
      if (!/^-?\d+(\.\d+)?$/.test(String(payload.value)))
        throw new StripeHttpError(400, "payload[value] must be a number.");
      const identifier = String(body.identifier ?? newId("mev"));
      const existing = meterEvents.get(identifier);
      if (existing) return existing; // Stripe deduplicates on identifier
      const ev = {
        object: "billing.meter_event",
        created: nowSec(),
        event_name: body.event_name,
        identifier,
        livemode: false,
        payload,
        timestamp: Number(body.timestamp ?? nowSec()),
      };
      meterEvents.set(identifier, ev);
      return ev;
    }
    throw new StripeHttpError(404, `Unrecognized request URL (${method}: ${path}).`);
  }

  // ---- hosted pages -----------------------------------------------------------------------------
  const page = (title: string, inner: string) =>
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">${inner}</body></html>`;

  async function pages(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
    const m = url.pathname.match(/^\/(checkout|portal)\/([^/]+)(\/(pay|cancel))?$/);
    if (!m) return false;
    const [, kind, id, , action] = m;
    const send = (status: number, html: string, headers: http.OutgoingHttpHeaders = {}) => {
      res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers });
      res.end(html);
    };
    if (kind === "checkout") {
      const s = sessions.get(id!);
      if (!s) return (send(404, page("Not found", "<h1>No such Checkout Session</h1>")), true);
      if (req.method === "GET" && !action) {
        const items = s.line_items.map((li) => `<li>${escapeHtml(String(li.price))}</li>`).join("");
        const trial = s.subscription_data.trial_period_days
          ? `<p>Free trial: ${escapeHtml(String(s.subscription_data.trial_period_days))} days</p>`
          : "";
        send(
          200,
          page(
            "Checkout (test)",
            `<h1>Fake Stripe Checkout</h1><ul>${items}</ul>${trial}<form method="post" action="/checkout/${id}/pay"><button type="submit">Pay</button></form>${s.cancel_url ? `<p><a href="${escapeHtml(String(s.cancel_url))}">Cancel</a></p>` : ""}`,
          ),
        );
        return true;
      }
      if (req.method === "POST" && action === "pay") {
        const { delivery, subscriptionDelivery } = await completeCheckout(id!);
        const failed = [delivery, subscriptionDelivery].find((d) => d && d.status >= 300);
        if (failed) {
          send(
            502,
            page(
              "Webhook failed",
              `<h1>Webhook delivery failed</h1><p>${failed.status}</p><pre>${escapeHtml(failed.body)}</pre>`,
            ),
          );
          return true;
        }
        send(303, "", { location: String(s.success_url).replace("{CHECKOUT_SESSION_ID}", id!) });
        return true;
      }
    }
    if (kind === "portal") {
      const p = portalSessions.get(id!);
      if (!p) return (send(404, page("Not found", "<h1>No such portal session</h1>")), true);
      const live = [...subscriptions.values()].find((s) => s.customer === p.customer && s.status !== "canceled");
      if (req.method === "GET" && !action) {
        const cancel = live
          ? `<form method="post" action="/portal/${id}/cancel"><button type="submit">Cancel subscription</button></form>`
          : "<p>No active subscription.</p>";
        send(
          200,
          page(
            "Billing portal (test)",
            `<h1>Fake Billing Portal</h1>${cancel}<p><a href="${escapeHtml(String(p.return_url ?? "/"))}">Return</a></p>`,
          ),
        );
        return true;
      }
      if (req.method === "POST" && action === "cancel" && live) {
        Object.assign(live, { status: "canceled", canceled_at: nowSec(), ended_at: nowSec() });
        if (fake.webhookUrl) await sendEvent("customer.subscription.deleted", live);
        send(303, "", { location: String(p.return_url ?? "/") });
        return true;
      }
    }
    return false;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", base || "http://127.0.0.1");
        const raw = Buffer.concat(chunks).toString("utf8");
        try {
          const hosted = await connect.pages(req.method ?? "GET", url.pathname);
          if (hosted) {
            res.writeHead(hosted.status, {
              "content-type": "text/html; charset=utf-8",
              ...(hosted.location ? { location: hosted.location } : {}),
            });
            res.end(hosted.html);
            return;
          }
          if (await pages(req, res, url)) return;
          if (!url.pathname.startsWith("/v1/")) throw new StripeHttpError(404, "Not found");
          // Stripe takes the key as a bearer token (the SDK) or as the Basic-auth user name (curl -u key:).
          const basic = `Basic ${Buffer.from(`${opts.secretKey}:`).toString("base64")}`;
          if (req.headers.authorization !== `Bearer ${opts.secretKey}` && req.headers.authorization !== basic)
            throw new StripeHttpError(401, "Invalid API Key provided.");
          const method = req.method ?? "GET";
          const body = method === "GET" ? parseStripeForm(url.searchParams.toString()) : parseStripeForm(raw);
          requests.push({ method, path: url.pathname, body });
          const account = typeof req.headers["stripe-account"] === "string" ? req.headers["stripe-account"] : null;
          const key = method === "POST" ? req.headers["idempotency-key"] : undefined;
          const cacheKey = typeof key === "string" ? `${account ?? ""}|${url.pathname}|${key}` : null;
          const cached = cacheKey ? idempotent.get(cacheKey) : undefined;
          const parts = url.pathname.split("/").filter(Boolean).slice(1);
          const out = cached ?? {
            status: 200,
            body: connect.api(method, parts, body, account) ?? api(method, url.pathname, body),
          };
          if (cacheKey && !cached) idempotent.set(cacheKey, out);
          const { line_items: _l, subscription_data: _s, ...visible } = out.body as Obj;
          res.writeHead(out.status, { "content-type": "application/json", "request-id": newId("req") });
          res.end(JSON.stringify(visible));
          await connect.flushPending();
        } catch (err) {
          const e =
            err instanceof StripeHttpError || err instanceof ConnectHttpError
              ? err
              : new StripeHttpError(500, err instanceof Error ? err.message : String(err));
          res.writeHead(e.status, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              error: {
                type: e.status >= 500 ? "api_error" : "invalid_request_error",
                message: e.message,
                code: e.code,
              },
            }),
          );
        }
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake = {
    url: base,
    webhookUrl: opts.webhookUrl ?? null,
    /** Connect: accounts, onboarding, payments on connected accounts (./stripe-connect.ts). */
    connect,
    customers,
    sessions,
    subscriptions,
    invoices,
    meterEvents,
    requests,
    deliveries,
    event,
    deliver,
    sendEvent,
    completeCheckout,
    createInvoice,
    /** Changes a subscription as Stripe would after a plan change, cancellation or failed renewal. */
    updateSubscription(id: string, patch: Obj) {
      const sub = must(subscriptions, id, "subscription");
      Object.assign(sub, patch);
      return sub;
    },
    /** A renewal whose card is declined: the subscription goes past_due and an open invoice exists. */
    failPayment(subscriptionId: string) {
      const sub = must(subscriptions, subscriptionId, "subscription");
      sub.status = "past_due";
      return createInvoice(subscriptionId, "open");
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

// Standalone: `tsx tests/fakes/stripe-server.ts` (used by Playwright's webServer).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const fake = await startFakeStripe({
    secretKey: process.env.STRIPE_SECRET_KEY ?? "sk_test_fake",
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? "whsec_fake",
    webhookUrl: process.env.STRIPE_FAKE_WEBHOOK_URL ?? null,
    connectWebhookSecret: process.env.STRIPE_CONNECT_WEBHOOK_SECRET || undefined,
    connectWebhookUrl: process.env.STRIPE_FAKE_CONNECT_WEBHOOK_URL ?? null,
    port: Number(process.env.STRIPE_FAKE_PORT ?? 12111),
  });
  console.log(JSON.stringify({ msg: "fake Stripe listening", url: fake.url, webhookUrl: fake.webhookUrl }));
}
