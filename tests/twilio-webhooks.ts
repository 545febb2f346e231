import { randomBytes } from "node:crypto";

import { publicUrl, signRequest } from "@/server/integrations/twilio";

/** Builders for webhook requests exactly as Twilio sends them (form-encoded, signed). */
export const randomSid = (prefix: "SM" | "MM" | "CA" | "AC") => `${prefix}${randomBytes(16).toString("hex")}`;

/** A valid, random US number (random exchange and line), unique enough for a persistent test DB. */
export function randomUsNumber(area = 415): string {
  const exchange = 200 + (randomBytes(2).readUInt16BE() % 800);
  const line = String(randomBytes(2).readUInt16BE() % 10000).padStart(4, "0");
  return `+1${area}${exchange}${line}`;
}

/** Twilio's documented incoming-message parameters. */
export function inboundSmsParams(input: {
  from: string;
  to: string;
  body: string;
  accountSid: string;
  messageSid?: string;
}): Record<string, string> {
  const sid = input.messageSid ?? randomSid("SM");
  return {
    ToCountry: "US",
    ToState: "CA",
    SmsMessageSid: sid,
    NumMedia: "0",
    ToCity: "SAN FRANCISCO",
    FromZip: "94105",
    SmsSid: sid,
    FromState: "CA",
    SmsStatus: "received",
    FromCity: "SAN FRANCISCO",
    Body: input.body,
    FromCountry: "US",
    To: input.to,
    ToZip: "94105",
    NumSegments: "1",
    MessageSid: sid,
    AccountSid: input.accountSid,
    From: input.from,
    ApiVersion: "2010-04-01",
  };
}

/**
 * A POST to our app at `path` with a form body and an X-Twilio-Signature computed over PUBLIC_URL +
 * path (what Twilio signs). `signature: null` leaves the header out; a string forges it.
 */
export function twilioPost(
  path: string,
  params: Record<string, string>,
  opts: { token?: string; signature?: string | null; contentType?: string; rawBody?: string } = {},
): Request {
  const url = publicUrl(path);
  const signature = opts.signature === undefined ? signRequest(url, params, opts.token) : opts.signature;
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/x-www-form-urlencoded" };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  // The app may sit behind a proxy that rewrites the host: the request URL is not what Twilio signed.
  return new Request(`http://127.0.0.1:3999${path}`, {
    method: "POST",
    headers,
    body: opts.rawBody ?? new URLSearchParams(params).toString(),
  });
}

/** The <Message> texts in a TwiML MessagingResponse. */
export function twimlMessages(xml: string): string[] {
  return [...xml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => decodeXml(m[1]!));
}

function decodeXml(s: string) {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}
