import { find, parseTwiml, spoken, type TwimlNode } from "./twiml-parse";
import { randomCallerNumber, randomSid, type RelayLink, type WebhookTransport } from "./transport";

/**
 * Plays a phone call or a text thread against our own webhooks, as Twilio would: the incoming-call
 * webhook, then each utterance as a <Gather> result (or a ConversationRelay prompt for relay-mode
 * numbers), following the TwiML returned (<Dial> is reported and answered, <Hangup> ends the call),
 * then the final status callback. Used by `npm run call`, the dashboard and the benchmark.
 */
export interface SimLine {
  who: "caller" | "agent" | "system";
  text: string;
}

export interface SimulateCallInput {
  transport: WebhookTransport;
  to: string;
  from?: string;
  utterances: string[];
  /** Pause before each utterance (lets a live view show turns arriving one by one). */
  pauseMs?: number;
  onLine?: (line: SimLine) => void;
  callSid?: string;
}

export interface SimulateCallResult {
  callSid: string;
  from: string;
  conversationId: string | null;
  lines: SimLine[];
  mode: "gather" | "relay" | "none";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function simulateCall(input: SimulateCallInput): Promise<SimulateCallResult> {
  const callSid = input.callSid ?? randomSid("CA");
  const accountSid = randomSid("AC");
  const from = input.from ?? randomCallerNumber();
  const lines: SimLine[] = [];
  const emit = (who: SimLine["who"], text: string) => {
    if (!text) return;
    const line = { who, text };
    lines.push(line);
    input.onLine?.(line);
  };
  const base = {
    CallSid: callSid,
    AccountSid: accountSid,
    From: from,
    To: input.to,
    Direction: "inbound",
    ApiVersion: "2010-04-01",
  };
  const post = async (url: string, params: Record<string, string>) => {
    const u = new URL(url, "http://x");
    const res = await input.transport.post(`${u.pathname}${u.search}`, params);
    if (res.status !== 200) throw new Error(`${u.pathname} answered HTTP ${res.status}: ${res.body.slice(0, 200)}`);
    return parseTwiml(res.body);
  };
  const started = Date.now();
  let doc = await post("/api/twilio/voice", { ...base, CallStatus: "ringing" });
  const connect = find(doc, "ConversationRelay");
  const conversationOf = (node: TwimlNode | null) =>
    (node?.attrs.action ?? node?.attrs.url ?? "").match(/[?&]c=([0-9a-f-]{36})/)?.[1] ?? null;
  const conversationId = conversationOf(find(doc, "Gather")) ?? conversationOf(find(doc, "Connect")) ?? null;
  let mode: SimulateCallResult["mode"] = "none";

  if (connect) {
    mode = "relay";
    emit("agent", connect.attrs.welcomeGreeting ?? "");
    await relayCall(input, connect, find(doc, "Connect")!, { ...base, CallStatus: "in-progress" }, callSid, emit, post);
  } else {
    const remaining = [...input.utterances];
    for (;;) {
      for (const s of spoken(doc)) emit("agent", s);
      const dial = find(doc, "Dial");
      if (dial) {
        const number = find(dial, "Number")?.text ?? "";
        emit("system", `transferred to ${number} (caller ID ${dial.attrs.callerId ?? "none"})`);
        if (dial.attrs.action)
          await post(dial.attrs.action, {
            ...base,
            CallStatus: "in-progress",
            DialCallStatus: "completed",
            DialCallSid: randomSid("CA"),
            DialCallDuration: "30",
          });
        break;
      }
      const gather = find(doc, "Gather");
      if (!gather || find(doc, "Hangup") || remaining.length === 0) break;
      mode = "gather";
      const said = remaining.shift()!;
      if (input.pauseMs) await sleep(input.pauseMs);
      emit("caller", said);
      const digits: Record<string, string> = /^\d+#?$/.test(said)
        ? { Digits: said.replace("#", "") }
        : { SpeechResult: said, Confidence: "0.93" };
      doc = await post(gather.attrs.action!, { ...base, CallStatus: "in-progress", ...digits });
    }
  }
  const duration = String(Math.max(1, Math.round((Date.now() - started) / 1000)));
  const status = await input.transport.post("/api/twilio/voice-status", {
    ...base,
    CallStatus: "completed",
    CallDuration: duration,
    CallbackSource: "call-progress-events",
    SequenceNumber: "3",
    Timestamp: new Date().toUTCString(),
  });
  if (status.status >= 300) throw new Error(`status callback answered HTTP ${status.status}`);
  emit("system", `call ended (${duration} s)`);
  return { callSid, from, conversationId, lines, mode };
}

async function relayCall(
  input: SimulateCallInput,
  relay: TwimlNode,
  connect: TwimlNode,
  base: Record<string, string>,
  callSid: string,
  emit: (who: SimLine["who"], text: string) => void,
  post: (url: string, params: Record<string, string>) => Promise<TwimlNode>,
) {
  const link: RelayLink = await input.transport.relay(relay.attrs.url!);
  const customParameters = Object.fromEntries(
    relay.children.filter((c) => c.name === "Parameter").map((p) => [p.attrs.name ?? "", p.attrs.value ?? ""]),
  );
  link.send({
    type: "setup",
    sessionId: `VX${callSid.slice(2)}`,
    callSid,
    from: base.From,
    to: base.To,
    direction: "inbound",
    customParameters,
  });
  let handoff: string | null = null;
  try {
    for (const said of input.utterances) {
      if (input.pauseMs) await sleep(input.pauseMs);
      emit("caller", said);
      link.send({ type: "prompt", voicePrompt: said, lang: "en-US", last: true });
      let reply = "";
      for (;;) {
        const m = await link.next();
        if (m.type === "end") {
          handoff = m.handoffData;
          break;
        }
        reply += m.token;
        if (m.last) break;
      }
      emit("agent", reply.trim());
      if (handoff) break;
    }
    if (!handoff) {
      // A last turn that ends the call (goodbye, transfer) sends `end` right after its last token.
      const peek = await Promise.race([link.next(), sleep(500).then(() => null)]);
      if (peek?.type === "end") handoff = peek.handoffData;
    }
  } finally {
    link.close();
  }
  const next = await post(connect.attrs.action!, {
    ...base,
    SessionStatus: "ended",
    SessionDuration: "30",
    ...(handoff ? { HandoffData: handoff } : {}),
  });
  const dial = find(next, "Dial");
  if (dial)
    emit("system", `transferred to ${find(dial, "Number")?.text ?? ""} (caller ID ${dial.attrs.callerId ?? "none"})`);
}

export interface SimulateSmsInput {
  transport: WebhookTransport;
  to: string;
  from?: string;
  messages: string[];
  pauseMs?: number;
  onLine?: (line: SimLine) => void;
}

/** Texts the number: each message is an inbound-SMS webhook; the <Message> reply is printed. */
export async function simulateSms(input: SimulateSmsInput): Promise<{ from: string; lines: SimLine[] }> {
  const from = input.from ?? randomCallerNumber();
  const lines: SimLine[] = [];
  const emit = (who: SimLine["who"], text: string) => {
    const line = { who, text };
    lines.push(line);
    input.onLine?.(line);
  };
  for (const body of input.messages) {
    if (input.pauseMs) await sleep(input.pauseMs);
    emit("caller", body);
    const sid = randomSid("SM");
    const res = await input.transport.post("/api/twilio/sms", {
      MessageSid: sid,
      SmsSid: sid,
      SmsMessageSid: sid,
      AccountSid: randomSid("AC"),
      From: from,
      To: input.to,
      Body: body,
      NumMedia: "0",
      NumSegments: "1",
      ApiVersion: "2010-04-01",
    });
    if (res.status !== 200) throw new Error(`/api/twilio/sms answered HTTP ${res.status}: ${res.body.slice(0, 200)}`);
    const doc = parseTwiml(res.body);
    for (const m of doc.children.filter((c) => c.name === "Message")) emit("agent", m.text.trim());
  }
  return { from, lines };
}
