import { eq } from "drizzle-orm";

import { db } from "@/server/db/client";
import { twilioSubaccount } from "@/server/db/schema";
import {
  publicUrl,
  publicWebSocketUrl,
  subaccountAuthToken,
  twilioConfig,
  validateJsonRequest,
  validateRequest,
  validateWebSocketHandshake,
  webhookSigningToken,
} from "@/server/integrations/twilio";
import { parseUntrustedJson } from "@/lib/untrusted-json";
import { findControlCharacter } from "@/server/http/control-characters";
import { BodyTooLargeError, readBoundedText, WEBHOOK_MAX_BODY_BYTES } from "@/server/http/untrusted-input";
import { log } from "@/server/log";

/**
 * Who may call our Twilio webhooks: requests signed (X-Twilio-Signature) with the main account's
 * token (or, unconfigured, the local signing key), or with the token of the subaccount that OWNS the
 * number or call the request is about, because Twilio signs a subaccount number's webhooks with that
 * subaccount's token. The owner is looked up from our own records (webhook-owner.ts); the
 * `AccountSid` a request claims is never used to choose a key, or organization B's admin could sign
 * requests about organization A's number with B's own subaccount token.
 *
 * Signatures are checked against PUBLIC_URL + the request's path and query: the URL Twilio
 * requested, not the one a proxy rewrote.
 */
export async function signingTokensFor(accountSid: string | null | undefined): Promise<string[]> {
  const tokens = [webhookSigningToken()];
  const config = twilioConfig();
  if (!config || !accountSid || accountSid === config.accountSid || !/^AC[0-9a-fA-F]{32}$/.test(accountSid))
    return tokens;
  const [known] = await db
    .select({ sid: twilioSubaccount.accountSid })
    .from(twilioSubaccount)
    .where(eq(twilioSubaccount.accountSid, accountSid));
  if (!known) return tokens;
  try {
    const token = await subaccountAuthToken(accountSid);
    if (token) tokens.push(token);
  } catch (err) {
    log.error({ err: String(err), accountSid }, "could not fetch subaccount token to check a webhook signature");
  }
  return tokens;
}

/** The URL Twilio signed: our public base + the path and query of the request. */
export function signedUrlOf(req: Request): string {
  const u = new URL(req.url);
  return publicUrl(`${u.pathname}${u.search}`);
}

export type TwilioParams = Record<string, string | string[]>;

function formParams(body: string): TwilioParams {
  const params: TwilioParams = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = params[k];
    params[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return params;
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain" } });

/**
 * The Twilio account that owns what a webhook is about (its number, call or message), from our own
 * records, or null when it is not ours (then only the main account's token is accepted).
 */
export type WebhookOwner = (request: { params: TwilioParams; url: URL }) => Promise<string | null>;

export type VerifiedForm =
  | { ok: true; params: TwilioParams; url: string; controlCharacterIn: string | null }
  | { ok: false; response: Response };

/**
 * Reads and authenticates a form-encoded Twilio webhook. Not form-encoded: 400. Missing or wrong
 * signature: 403. Nothing is written before this returns ok. `owner` says which account's token
 * signs this endpoint's requests (required, so no endpoint can fall back to the claimed AccountSid).
 *
 * Control characters in a signed form are refused with 400, except where `controlCharacters` is
 * "report": a voice webhook's answer is what a caller on the line hears, and a 400 there is Twilio's
 * "an application error has occurred" and a dropped call. Those endpoints get `controlCharacterIn`
 * (the field's path) and answer TwiML that apologises and carries on, storing nothing of it.
 */
export async function verifyTwilioForm(
  req: Request,
  owner: WebhookOwner,
  opts: { controlCharacters?: "refuse" | "report" } = {},
): Promise<VerifiedForm> {
  const contentType = req.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return { ok: false, response: text(400, "Expected an application/x-www-form-urlencoded body") };
  }
  const signature = req.headers.get("x-twilio-signature");
  if (!signature) return { ok: false, response: text(403, "Missing X-Twilio-Signature") };
  let body: string | null;
  try {
    body = await readBoundedText(req, WEBHOOK_MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { ok: false, response: text(413, "Request body too large") };
    return { ok: false, response: text(400, "Unreadable body") };
  }
  if (body === null) return { ok: false, response: text(400, "Body is not UTF-8") };
  const params = formParams(body);
  const url = signedUrlOf(req);
  const accountSid = await owner({ params, url: new URL(url) });
  if (!validateRequest(await signingTokensFor(accountSid), signature, url, params)) {
    log.warn({ url }, "rejected a Twilio webhook with an invalid signature");
    return { ok: false, response: text(403, "Invalid X-Twilio-Signature") };
  }
  const field = findControlCharacter(params);
  if (field !== null && opts.controlCharacters !== "report")
    return { ok: false, response: text(400, `Control characters in ${field}`) };
  if (field !== null) log.warn({ url, field }, "a voice webhook carried control characters; answered without them");
  return { ok: true, params, url, controlCharacterIn: field };
}

export type VerifiedJson = { ok: true; body: unknown; url: string } | { ok: false; response: Response };

/** The JSON-body variant: the URL carries bodySHA256 and the signature covers the URL alone. */
export async function verifyTwilioJson(req: Request, opts: { accountSid?: string | null } = {}): Promise<VerifiedJson> {
  const signature = req.headers.get("x-twilio-signature");
  if (!signature) return { ok: false, response: text(403, "Missing X-Twilio-Signature") };
  let raw: string | null;
  try {
    raw = await readBoundedText(req, WEBHOOK_MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { ok: false, response: text(413, "Request body too large") };
    return { ok: false, response: text(400, "Unreadable body") };
  }
  if (raw === null) return { ok: false, response: text(400, "Body is not UTF-8") };
  const url = signedUrlOf(req);
  if (!validateJsonRequest(await signingTokensFor(opts.accountSid), signature, url, raw)) {
    return { ok: false, response: text(403, "Invalid X-Twilio-Signature") };
  }
  const parsed = parseUntrustedJson(raw, { maxBytes: WEBHOOK_MAX_BODY_BYTES });
  if (!parsed.ok) return { ok: false, response: text(400, "Malformed JSON body") };
  const body = parsed.value;
  const field = findControlCharacter(body);
  if (field !== null) return { ok: false, response: text(400, `Control characters in ${field}`) };
  return { ok: true, body, url };
}

/**
 * ConversationRelay's WebSocket upgrade: `pathAndQuery` is the request's path + query string,
 * validated against the wss:// form of PUBLIC_URL with no params. Pass the call's AccountSid when
 * known (e.g. from a CallSid stored by the voice webhook) to accept subaccount-signed handshakes.
 */
export async function verifyConversationRelayHandshake(input: {
  signature: string | null | undefined;
  pathAndQuery: string;
  accountSid?: string | null;
}): Promise<boolean> {
  return validateWebSocketHandshake(
    await signingTokensFor(input.accountSid),
    input.signature,
    publicWebSocketUrl(input.pathAndQuery),
  );
}
