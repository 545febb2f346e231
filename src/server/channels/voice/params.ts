import { z } from "zod";

import type { TwilioParams } from "@/server/telephony/webhook-auth";

/** The voice-webhook parameters we use, as Twilio documents them (it sends more; see reference/twilio.md). */
const CallSid = z.string().regex(/^CA[0-9a-fA-F]{32}$/, "CallSid must be CA followed by 32 hex digits");
const Phone = z.string().min(1).max(64);

export const ZIncomingCall = z.object({
  CallSid,
  AccountSid: z.string().optional(),
  From: Phone,
  To: Phone,
  CallStatus: z.string().optional(),
  Direction: z.string().optional(),
  /** STIR/SHAKEN verification of the caller ID (Twilio); "TN-Validation-Passed-A" is full attestation. */
  StirVerstat: z.string().max(64).optional(),
});

export const ZGatherResult = z.object({
  CallSid,
  SpeechResult: z.string().max(4000).optional(),
  Confidence: z.string().optional(),
  Digits: z.string().max(64).optional(),
});

export const ZGatherQuery = z.object({
  c: z.uuid(),
  t: z.coerce.number().int().min(1).max(10_000),
  e: z.coerce.number().int().min(0).max(10).default(0),
});

export const ZDialAction = z.object({
  CallSid,
  DialCallStatus: z.string().optional(),
  DialCallDuration: z.string().optional(),
});

export const ZCallStatus = z.object({
  CallSid,
  CallStatus: z.enum([
    "queued",
    "initiated",
    "ringing",
    "in-progress",
    "answered",
    "completed",
    "busy",
    "failed",
    "no-answer",
    "canceled",
  ]),
  CallDuration: z.string().regex(/^\d+$/).optional(),
  From: Phone,
  To: Phone,
});

export const ZRelayAction = z.object({
  CallSid,
  SessionStatus: z.string().optional(),
  SessionDuration: z.string().optional(),
  HandoffData: z.string().max(10_000).optional(),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

export const ZConversationQuery = z.object({ c: z.uuid() });

/** Form params as single strings (Twilio never repeats the fields we read). */
export function flat(params: TwilioParams): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? "") : v]));
}

export function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

export function badRequest(what: string, error: z.ZodError): Response {
  return new Response(`Malformed ${what}: ${error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, {
    status: 400,
    headers: { "content-type": "text/plain" },
  });
}
