import { createHmac } from "node:crypto";

import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import { z } from "zod";

import { publicUrlFrom } from "@/lib/public-url";
import { authSecret } from "@/server/auth/secret";

/**
 * The only importer of the `twilio` SDK. Everything Twilio-shaped goes through here: REST calls,
 * request signatures, TwiML builders.
 *
 * Configuration is read from the environment when first needed (not once at import, like Unkey's
 * `stripeEnv()`), so `null` means "not configured" and tests can point the SDK at a local fake.
 * With TWILIO_API_BASE set, every REST request the SDK makes goes to that base instead of
 * https://*.twilio.com: the SDK's documented extension point is a custom `httpClient`
 * (advanced-examples/custom-http-client.md); `edge`/`region` can only change the hostname.
 */

const ZTwilioEnv = z.object({
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/),
  TWILIO_AUTH_TOKEN: z.string().min(16),
  TWILIO_API_BASE: z.string().url().optional(),
});

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** e.g. http://127.0.0.1:4010: replaces scheme, host and port of every REST request. */
  apiBase: string | null;
}

const blank = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);

export function twilioConfig(): TwilioConfig | null {
  const parsed = ZTwilioEnv.safeParse({
    TWILIO_ACCOUNT_SID: blank(process.env.TWILIO_ACCOUNT_SID),
    TWILIO_AUTH_TOKEN: blank(process.env.TWILIO_AUTH_TOKEN),
    TWILIO_API_BASE: blank(process.env.TWILIO_API_BASE),
  });
  if (!parsed.success) return null;
  return {
    accountSid: parsed.data.TWILIO_ACCOUNT_SID,
    authToken: parsed.data.TWILIO_AUTH_TOKEN,
    apiBase: parsed.data.TWILIO_API_BASE ?? null,
  };
}

export const twilioConfigured = () => twilioConfig() !== null;

/** The base URL Twilio reaches us on. Webhook URLs and signature checks both derive from it. */
export function publicBaseUrl(): string {
  return publicUrlFrom(process.env);
}

export function publicUrl(pathAndQuery: string): string {
  return `${publicBaseUrl()}${pathAndQuery.startsWith("/") ? "" : "/"}${pathAndQuery}`;
}

/** ConversationRelay connects with wss:// (ws:// for a plain-http local PUBLIC_URL). */
export function publicWebSocketUrl(pathAndQuery: string): string {
  return publicUrl(pathAndQuery).replace(/^http/, "ws");
}

/** Our webhook paths. Voice paths are served by the voice channel (issue 5, items 2 and 3). */
export const TWILIO_WEBHOOK_PATHS = {
  voice: "/api/twilio/voice",
  voiceStatus: "/api/twilio/voice-status",
  sms: "/api/twilio/sms",
  smsStatus: "/api/twilio/sms-status",
} as const;

export function numberWebhookUrls() {
  return {
    voiceUrl: publicUrl(TWILIO_WEBHOOK_PATHS.voice),
    voiceMethod: "POST",
    statusCallback: publicUrl(TWILIO_WEBHOOK_PATHS.voiceStatus),
    statusCallbackMethod: "POST",
    smsUrl: publicUrl(TWILIO_WEBHOOK_PATHS.sms),
    smsMethod: "POST",
  };
}

// ---------------------------------------------------------------------------------------------
// REST client

/** Sends every request to `base` (scheme, host, port), keeping Twilio's path and query. */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(private readonly base: URL) {
    super();
  }
  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri);
    const target = new URL(this.base.href);
    target.pathname = `${this.base.pathname.replace(/\/+$/, "")}${original.pathname}`;
    target.search = original.search;
    return super.request<TData>({ ...opts, uri: target.href });
  }
}

let cached: { key: string; client: twilio.Twilio } | null = null;

/** The SDK client on the main account, or null when Twilio is not configured. */
export function twilioClient(): twilio.Twilio | null {
  const config = twilioConfig();
  if (!config) return null;
  const key = `${config.accountSid}|${config.authToken}|${config.apiBase ?? ""}`;
  if (cached?.key !== key) {
    const httpClient = config.apiBase ? new BaseUrlRequestClient(new URL(config.apiBase)) : undefined;
    cached = {
      key,
      client: twilio(config.accountSid, config.authToken, { httpClient, autoRetry: true, maxRetries: 3 }),
    };
  }
  return cached.client;
}

export class TwilioNotConfiguredError extends Error {
  constructor() {
    super("Twilio is not configured: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (see docs/twilio.md).");
  }
}

function requireClient(): twilio.Twilio {
  const client = twilioClient();
  if (!client) throw new TwilioNotConfiguredError();
  return client;
}

/**
 * The REST API of one account. The parent account's credentials are valid on its subaccounts'
 * resources, so a subaccount needs only its sid here, never its own token.
 */
const accountApi = (accountSid?: string | null) => {
  const client = requireClient();
  return client.api.v2010.accounts(accountSid ?? client.accountSid);
};

/** A Twilio REST error as a readable message (code and text), for logs and user-facing errors. */
export function twilioErrorMessage(err: unknown): string {
  if (err instanceof twilio.RestException) return `Twilio error ${err.code ?? err.status}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export interface AvailableNumber {
  phoneNumber: string;
  friendlyName: string;
  locality: string | null;
  region: string | null;
  capabilities: { voice: boolean; sms: boolean; mms: boolean };
}

export async function searchAvailableNumbers(
  areaCode: number,
  opts: { country?: string; limit?: number } = {},
): Promise<AvailableNumber[]> {
  const rows = await requireClient()
    .availablePhoneNumbers(opts.country ?? "US")
    .local.list({ areaCode, smsEnabled: true, voiceEnabled: true, limit: opts.limit ?? 20 });
  return rows.map((r) => ({
    phoneNumber: r.phoneNumber,
    friendlyName: r.friendlyName,
    locality: r.locality ?? null,
    region: r.region ?? null,
    capabilities: {
      voice: Boolean(r.capabilities?.voice),
      sms: Boolean(r.capabilities?.sms),
      mms: Boolean(r.capabilities?.mms),
    },
  }));
}

export async function createSubaccount(friendlyName: string): Promise<{ sid: string }> {
  const account = await requireClient().api.v2010.accounts.create({ friendlyName });
  return { sid: account.sid };
}

const subaccountTokens = new Map<string, { token: string; fetchedAt: number }>();
const TOKEN_TTL_MS = 10 * 60_000;

/**
 * A subaccount's auth token, needed because Twilio signs webhooks for a subaccount's numbers with
 * that subaccount's token. Fetched with the parent's credentials and kept in memory only (never in
 * the database), refreshed every ten minutes so a rotated token is picked up.
 */
export async function subaccountAuthToken(accountSid: string): Promise<string | null> {
  const config = twilioConfig();
  if (!config || accountSid === config.accountSid) return null;
  const hit = subaccountTokens.get(accountSid);
  if (hit && Date.now() - hit.fetchedAt < TOKEN_TTL_MS) return hit.token;
  const account = await accountApi(accountSid).fetch();
  subaccountTokens.set(accountSid, { token: account.authToken, fetchedAt: Date.now() });
  return account.authToken;
}

export interface IncomingNumber {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  capabilities: { voice: boolean; sms: boolean; mms: boolean };
}

function toIncomingNumber(n: {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  capabilities?: { voice?: boolean; sms?: boolean; mms?: boolean };
}): IncomingNumber {
  return {
    sid: n.sid,
    accountSid: n.accountSid,
    phoneNumber: n.phoneNumber,
    friendlyName: n.friendlyName,
    capabilities: {
      voice: Boolean(n.capabilities?.voice),
      sms: Boolean(n.capabilities?.sms),
      mms: Boolean(n.capabilities?.mms),
    },
  };
}

/** Buys `phoneNumber` into `accountSid` with our voice, SMS and status-callback URLs already set. */
export async function buyNumber(input: {
  accountSid: string;
  phoneNumber: string;
  friendlyName?: string;
}): Promise<IncomingNumber> {
  const created = await accountApi(input.accountSid).incomingPhoneNumbers.create({
    phoneNumber: input.phoneNumber,
    friendlyName: input.friendlyName || undefined,
    ...numberWebhookUrls(),
  });
  return toIncomingNumber(created);
}

/** A number the account already owns, by E.164, or null. */
export async function findIncomingNumber(input: {
  accountSid?: string | null;
  phoneNumber: string;
}): Promise<IncomingNumber | null> {
  const rows = await accountApi(input.accountSid).incomingPhoneNumbers.list({
    phoneNumber: input.phoneNumber,
    limit: 1,
  });
  const row = rows.find((r) => r.phoneNumber === input.phoneNumber);
  return row ? toIncomingNumber(row) : null;
}

/** Points a number's voice URL, SMS URL and status callback at this deployment (PUBLIC_URL). */
export async function configureNumberWebhooks(input: {
  accountSid: string;
  numberSid: string;
  friendlyName?: string;
}): Promise<IncomingNumber> {
  const updated = await accountApi(input.accountSid)
    .incomingPhoneNumbers(input.numberSid)
    .update({ ...numberWebhookUrls(), ...(input.friendlyName ? { friendlyName: input.friendlyName } : {}) });
  return toIncomingNumber(updated);
}

/** Releases the number back to Twilio (it stops billing and stops reaching us). */
export async function releaseNumber(input: { accountSid: string; numberSid: string }): Promise<void> {
  await accountApi(input.accountSid).incomingPhoneNumbers(input.numberSid).remove();
}

/**
 * Sends one SMS through the REST API. Delivery updates arrive at the sms-status webhook; `smsId`
 * (our row) rides in its query string, which the signature covers, so an update that races ahead
 * of this call's response still finds its message.
 */
export async function sendSmsViaTwilio(input: {
  accountSid?: string | null;
  from: string;
  to: string;
  body: string;
  smsId: string;
}): Promise<{ sid: string; status: string }> {
  const message = await accountApi(input.accountSid).messages.create({
    from: input.from,
    to: input.to,
    body: input.body,
    statusCallback: publicUrl(`${TWILIO_WEBHOOK_PATHS.smsStatus}?smsId=${encodeURIComponent(input.smsId)}`),
  });
  return { sid: message.sid, status: message.status };
}

/**
 * True when Twilio answered a request with a client error (4xx): it certainly did not act on it. A
 * network error, a timeout or a 5xx leaves the outcome unknown (Twilio may have accepted the message
 * and the answer was lost), which a sender must reconcile before trying again.
 */
export function twilioRefused(err: unknown): boolean {
  return err instanceof twilio.RestException && err.status >= 400 && err.status < 500;
}

export interface SentMessage {
  sid: string;
  status: string;
  body: string;
  dateCreated: Date;
}

/**
 * The messages `from` sent to `to` that Twilio created at or after `since`, oldest first. Used to
 * find out whether a send whose answer we never recorded went out. Twilio lists newest first and
 * filters dates by day only, so the window is applied here; `limit` bounds the pages read.
 */
export async function listSentMessages(input: {
  accountSid?: string | null;
  from: string;
  to: string;
  since: Date;
  limit?: number;
}): Promise<SentMessage[]> {
  const rows = await accountApi(input.accountSid).messages.list({
    from: input.from,
    to: input.to,
    limit: input.limit ?? 100,
  });
  return rows
    .filter((m) => m.dateCreated && m.dateCreated.getTime() >= input.since.getTime())
    .map((m) => ({ sid: m.sid, status: m.status, body: m.body, dateCreated: m.dateCreated }))
    .sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime());
}

// ---------------------------------------------------------------------------------------------
// Request signatures (X-Twilio-Signature)

/**
 * The token our webhooks are signed with: the main account's auth token, or, when Twilio is not
 * configured, a key derived from the app secret, so the call simulator can still sign requests that
 * the webhooks accept (and nobody without the server's secret can).
 */
export function webhookSigningToken(): string {
  return (
    twilioConfig()?.authToken ??
    createHmac("sha256", authSecret()).update("twilio-webhook-signing/v1").digest("base64url")
  );
}

/** Signs a request as Twilio would (for the call simulator and tests). `url` is the full public URL. */
export function signRequest(
  url: string,
  params: Record<string, string | string[]> = {},
  authToken = webhookSigningToken(),
): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** Signs a JSON-body request: appends bodySHA256 to the URL and signs the URL alone. */
export function signJsonRequest(
  url: string,
  body: string,
  authToken = webhookSigningToken(),
): { url: string; signature: string } {
  const u = new URL(url);
  u.searchParams.set("bodySHA256", twilio.getExpectedBodyHash(body));
  return { url: u.href, signature: twilio.getExpectedTwilioSignature(authToken, u.href, {}) };
}

/** Form-encoded webhook: URL (with query) + sorted POST params. Tries each candidate token. */
export function validateRequest(
  tokens: string[],
  signature: string | null | undefined,
  url: string,
  params: Record<string, string | string[]>,
): boolean {
  if (!signature) return false;
  return tokens.some((token) => twilio.validateRequest(token, signature, url, params));
}

/** JSON-body webhook: the URL carries bodySHA256; the body's hash must match it. */
export function validateJsonRequest(
  tokens: string[],
  signature: string | null | undefined,
  url: string,
  body: string,
): boolean {
  if (!signature || !new URL(url).searchParams.get("bodySHA256")) return false;
  return tokens.some((token) => twilio.validateRequestWithBody(token, signature, url, body));
}

/** ConversationRelay's WebSocket handshake: the wss:// URL (with query), no params. */
export function validateWebSocketHandshake(
  tokens: string[],
  signature: string | null | undefined,
  wssUrl: string,
): boolean {
  if (!signature) return false;
  return tokens.some((token) => twilio.validateRequest(token, signature, wssUrl, {}));
}

// ---------------------------------------------------------------------------------------------
// TwiML

export const MessagingResponse = twilio.twiml.MessagingResponse;
export const VoiceResponse = twilio.twiml.VoiceResponse;

/** `<Response><Message>text</Message></Response>`, or an empty `<Response/>` for no reply. */
export function messagingTwiml(reply: string | null): string {
  const response = new twilio.twiml.MessagingResponse();
  if (reply) response.message(reply);
  return response.toString();
}
