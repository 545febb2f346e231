import { publicUrl, publicWebSocketUrl, VoiceResponse } from "@/server/integrations/twilio";

/**
 * The TwiML our voice webhooks answer with. Every URL we hand Twilio is absolute and built from
 * PUBLIC_URL, because Twilio signs the URL it requests and our signature check recomputes it there.
 */
export const VOICE_PATHS = {
  gather: "/api/twilio/voice/gather",
  dialAction: "/api/twilio/voice/dial-action",
  relayAction: "/api/twilio/voice/relay-action",
  relay: "/api/twilio/relay",
  payAction: "/api/twilio/voice/pay-action",
} as const;

export type Lang = "en" | "es";
const SAY_LANG = { en: "en-US", es: "es-US" } as const;
const VOICE = "Polly.Joanna-Neural";
const VOICE_ES = "Polly.Lupe-Neural";

type Sayer = { say: InstanceType<typeof VoiceResponse>["say"] };
const say = (node: Sayer, text: string, lang: Lang) =>
  node.say({ language: SAY_LANG[lang], voice: lang === "es" ? VOICE_ES : VOICE }, text);

/** Where a gather result for turn `turn` of conversation `c` goes; `empty` counts silent gathers in a row. */
export function gatherActionUrl(conversationId: string, turn: number, empty = 0): string {
  const q = new URLSearchParams({ c: conversationId, t: String(turn) });
  if (empty > 0) q.set("e", String(empty));
  return publicUrl(`${VOICE_PATHS.gather}?${q.toString()}`);
}

/**
 * Speaks `speech` inside a speech+DTMF <Gather>, so the caller can barge in. actionOnEmptyResult
 * makes Twilio call the action on silence too, so we decide what silence means (re-prompt, offer a
 * person) instead of Twilio falling through to the end of the document and hanging up.
 */
export function gatherTwiml(input: {
  speech: string;
  lang: Lang;
  conversationId: string;
  turn: number;
  empty?: number;
}): string {
  const r = new VoiceResponse();
  const g = r.gather({
    input: ["speech", "dtmf"],
    action: gatherActionUrl(input.conversationId, input.turn, input.empty ?? 0),
    method: "POST",
    actionOnEmptyResult: true,
    // "auto" ends the utterance at a natural pause. Twilio accepts it only when no speechModel is
    // set (warning 13335), and with none set it picks and fails over the speech provider itself.
    speechTimeout: "auto",
    language: SAY_LANG[input.lang],
    timeout: 6,
    finishOnKey: "#",
    hints: "ten by ten, five by ten, ten by twenty, climate controlled, drive up, reservation, gate code, move in",
  });
  say(g, input.speech, input.lang);
  return r.toString();
}

export function sayAndHangupTwiml(speech: string, lang: Lang): string {
  const r = new VoiceResponse();
  say(r, speech, lang);
  r.hangup();
  return r.toString();
}

/**
 * A transfer: say the hand-off line, then <Dial> the facility's number(s) showing OUR number as caller
 * ID (the number the caller dialled, so staff know it is a Storage Agent transfer). The Dial action
 * hears whether anyone answered.
 */
export function dialTwiml(input: {
  speech: string | null;
  lang: Lang;
  transferTo: string;
  /** Rung at the same time (Twilio dials every <Number> of a <Dial> at once; the first to answer wins). */
  alsoRing?: readonly string[];
  callerId: string | null;
  conversationId: string;
  turn: number;
}): string {
  const r = new VoiceResponse();
  if (input.speech) say(r, input.speech, input.lang);
  const q = new URLSearchParams({ c: input.conversationId, t: String(input.turn) });
  const dial = r.dial({
    ...(input.callerId ? { callerId: input.callerId } : {}),
    action: publicUrl(`${VOICE_PATHS.dialAction}?${q.toString()}`),
    method: "POST",
    timeout: 25,
    answerOnBridge: true,
  });
  for (const n of new Set([input.transferTo, ...(input.alsoRing ?? [])])) dial.number(n);
  return r.toString();
}

/** Dollars and cents as <Pay> wants chargeAmount ("184.00"), exact from integer cents. */
export const chargeAmountOf = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

/**
 * A payment by phone: say the agent's hand-off line, then <Pay>. Twilio collects the card by keypad
 * (number, expiry, security code, ZIP) and charges it through the organization's Pay Connector on
 * its own Stripe account: the digits never reach us, our transcript or a model. The action URL
 * carries the payment id (`p`), the next turn number (`t`) and how the call talks (`m`: gather or
 * relay), so the result resumes the conversation the way it was going.
 */
export function payTwiml(input: {
  speech: string | null;
  lang: Lang;
  paymentId: string;
  amountCents: number;
  currency: string;
  connector: string;
  description: string;
  conversationId: string;
  turn: number;
  mode: "gather" | "relay";
}): string {
  const r = new VoiceResponse();
  if (input.speech) say(r, input.speech, input.lang);
  const q = new URLSearchParams({
    c: input.conversationId,
    p: input.paymentId,
    t: String(input.turn),
    m: input.mode,
  });
  r.pay({
    paymentConnector: input.connector,
    chargeAmount: chargeAmountOf(input.amountCents),
    currency: input.currency,
    description: input.description,
    paymentMethod: "credit-card",
    securityCode: true,
    postalCode: "true",
    // Seconds the caller has for each entry, and tries per entry before <Pay> gives up.
    timeout: 10,
    maxAttempts: 3,
    language: SAY_LANG[input.lang],
    action: publicUrl(`${VOICE_PATHS.payAction}?${q.toString()}`),
  });
  return r.toString();
}

/**
 * ConversationRelay: Twilio does speech both ways and talks text with our WebSocket. Without a
 * welcome greeting (a call reconnecting to another app process) the caller hears nothing new.
 */
export function relayTwiml(input: {
  conversationId: string;
  welcomeGreeting?: string;
  lang: Lang;
  callSid: string;
}): string {
  const r = new VoiceResponse();
  const q = new URLSearchParams({ c: input.conversationId });
  const connect = r.connect({ action: publicUrl(`${VOICE_PATHS.relayAction}?${q.toString()}`), method: "POST" });
  const relay = connect.conversationRelay({
    url: publicWebSocketUrl(`${VOICE_PATHS.relay}?${q.toString()}`),
    ...(input.welcomeGreeting ? { welcomeGreeting: input.welcomeGreeting, welcomeGreetingInterruptible: "any" } : {}),
    interruptible: "any",
    // Text-to-speech and transcription providers and voice stay Twilio's defaults for the language.
    language: SAY_LANG[input.lang],
    dtmfDetection: true,
    hints: "ten by ten, five by ten, ten by twenty, climate controlled, drive up, reservation, gate code",
  });
  relay.parameter({ name: "conversationId", value: input.conversationId });
  relay.parameter({ name: "callSid", value: input.callSid });
  return r.toString();
}

export function emptyVoiceResponse(): string {
  return new VoiceResponse().toString();
}

export const xml = (body: string, status = 200) =>
  new Response(body, { status, headers: { "content-type": "text/xml; charset=utf-8" } });
