/**
 * Test harness for billing: starts the fake Stripe, points the app's Stripe configuration at it and
 * serves the app's real webhook route on a local port so the fake's deliveries go through it.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

import { POST as connectWebhook } from "../../src/app/api/stripe/connect-webhook/route";
import { POST as stripeWebhook } from "../../src/app/api/stripe/webhook/route";
import { startFakeStripe, type FakeStripe } from "./stripe-server";

export const TEST_PRICES = {
  STRIPE_PRICE_STARTER_MONTHLY: "price_starter_month",
  STRIPE_PRICE_STARTER_YEARLY: "price_starter_year",
  STRIPE_PRICE_GROWTH_MONTHLY: "price_growth_month",
  STRIPE_PRICE_GROWTH_YEARLY: "price_growth_year",
  STRIPE_PRICE_SCALE_MONTHLY: "price_scale_month",
} as const;

export interface StripeHarness {
  fake: FakeStripe;
  webhookUrl: string;
  secretKey: string;
  webhookSecret: string;
  /** The Connect endpoint (customers paying operators): its URL and secret. */
  connectWebhookUrl: string;
  connectWebhookSecret: string;
  close(): Promise<void>;
}

/** Serves `handler` (a Next route handler) over node:http. */
async function serveRoute(handler: (req: Request) => Promise<Response>, path = "/api/stripe/webhook") {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const response = await handler(
          new Request(`http://127.0.0.1${req.url ?? "/"}`, {
            method: req.method,
            headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function startStripeHarness(): Promise<StripeHarness> {
  const secretKey = `sk_test_${randomBytes(12).toString("hex")}`;
  const webhookSecret = `whsec_${randomBytes(16).toString("hex")}`;
  const connectWebhookSecret = `whsec_${randomBytes(16).toString("hex")}`;
  const fake = await startFakeStripe({ secretKey, webhookSecret, connectWebhookSecret });
  const receiver = await serveRoute(stripeWebhook);
  const connectReceiver = await serveRoute(connectWebhook, "/api/stripe/connect-webhook");
  fake.webhookUrl = receiver.url;
  fake.connect.webhookUrl = connectReceiver.url;
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: secretKey,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    STRIPE_CONNECT_WEBHOOK_SECRET: connectWebhookSecret,
    STRIPE_API_BASE: fake.url,
    ...TEST_PRICES,
  });
  return {
    fake,
    webhookUrl: receiver.url,
    secretKey,
    webhookSecret,
    connectWebhookUrl: connectReceiver.url,
    connectWebhookSecret,
    async close() {
      await receiver.close();
      await connectReceiver.close();
      await fake.close();
    },
  };
}
