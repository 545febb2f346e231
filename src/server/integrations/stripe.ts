/**
 * The only importer of the `stripe` SDK. Everything else asks `getStripe()` for a client, which is
 * `null` when STRIPE_SECRET_KEY is unset: "billing is not configured" is a state the app handles
 * (every organization gets the unlimited plan), never a crash.
 *
 * STRIPE_API_BASE points the SDK at another host (tests start a local fake of Stripe's HTTP API).
 * The SDK's `host` option also replaces meter-events.stripe.com, so meter events follow it too.
 * Configuration is read from `process.env` on each call rather than at import, so a test can start
 * its fake, set the variables and then use the app's code unchanged.
 */
import Stripe from "stripe";
import { z } from "zod";

export type { Stripe };

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const ZStripeEnv = z.object({
  STRIPE_SECRET_KEY: z.preprocess(blank, z.string().optional()),
  STRIPE_WEBHOOK_SECRET: z.preprocess(blank, z.string().optional()),
  STRIPE_CONNECT_WEBHOOK_SECRET: z.preprocess(blank, z.string().optional()),
  STRIPE_API_BASE: z.preprocess(blank, z.string().url().optional()),
});

export interface StripeConfig {
  secretKey: string;
  /** Null when webhooks are not set up: the webhook route then refuses every request. */
  webhookSecret: string | null;
  /** The Connect endpoint's secret (events from operators' connected accounts): payments refuse without it. */
  connectWebhookSecret: string | null;
  apiBase: string | null;
}

/** Stripe settings from the environment, or null when no secret key is set. */
export function stripeConfig(): StripeConfig | null {
  const parsed = ZStripeEnv.safeParse(process.env);
  if (!parsed.success)
    throw new Error(`Invalid Stripe configuration: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  const e = parsed.data;
  if (!e.STRIPE_SECRET_KEY) return null;
  return {
    secretKey: e.STRIPE_SECRET_KEY,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? null,
    connectWebhookSecret: e.STRIPE_CONNECT_WEBHOOK_SECRET ?? null,
    apiBase: e.STRIPE_API_BASE ?? null,
  };
}

export const isStripeConfigured = () => stripeConfig() !== null;

let cached: { key: string; client: Stripe } | null = null;

/** A Stripe client for the configured account, or null when billing is not configured. */
export function getStripe(): Stripe | null {
  const config = stripeConfig();
  if (!config) return null;
  const cacheKey = `${config.secretKey}|${config.apiBase ?? ""}`;
  if (cached?.key === cacheKey) return cached.client;
  const options: ConstructorParameters<typeof Stripe>[1] = {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "storage-agent" },
  };
  if (config.apiBase) {
    const url = new URL(config.apiBase);
    options.host = url.hostname;
    options.port = url.port || (url.protocol === "http:" ? 80 : 443);
    options.protocol = url.protocol === "http:" ? "http" : "https";
  }
  const client = new Stripe(config.secretKey, options);
  cached = { key: cacheKey, client };
  return client;
}

export class WebhookSignatureError extends Error {}

/**
 * Verifies the `Stripe-Signature` header against the raw request body (the exact bytes Stripe
 * signed: a re-serialised JSON body would not match) and returns the parsed event.
 */
export function constructWebhookEvent(
  rawBody: Uint8Array | string,
  signature: string | null,
  secret: string,
): Stripe.Event {
  if (!signature) throw new WebhookSignatureError("missing Stripe-Signature header");
  try {
    return Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch (err) {
    throw new WebhookSignatureError(err instanceof Error ? err.message : "invalid signature");
  }
}

/** A valid `Stripe-Signature` header for `payload`, made with the SDK's own helper (tests and the local fake). */
export function signWebhookPayload(payload: string, secret: string): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret });
}

/** True for errors the Stripe API answered with (as opposed to network failures). */
export function isStripeApiError(err: unknown): err is Stripe.errors.StripeError {
  return err instanceof Stripe.errors.StripeError;
}
