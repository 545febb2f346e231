import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { respondStream, type AgentTurn } from "@/server/agent/engine";
import { toSpeakable } from "@/server/agent/voice/speakable";
import { withOrg } from "@/server/db/client";
import { message } from "@/server/db/schema";
import { findControlCharacter } from "@/server/http/control-characters";
import { log } from "@/server/log";
import { publish } from "@/server/realtime/publish";

import { errorSummary } from "./error-summary";
import { findCallById, type CallRef } from "./call-lookup";
import { line } from "./lines";
import type { Handoff } from "./relay-action";

/**
 * One ConversationRelay session (Twilio does speech-to-text and text-to-speech; we exchange text).
 * Transport-agnostic: the WebSocket route and the in-process call simulator both feed it Twilio's
 * messages and receive ours through `send`.
 *
 *   setup      binds the session to the call (its conversation was opened by the voice webhook)
 *   prompt     one agent turn, idempotency key CallSid:n; the reply streams as `text` tokens, whole
 *              sentences made speakable, the last with last:true
 *   dtmf       keypad: digits up to # are one utterance; a lone 0 asks for a person
 *   interrupt  stops streaming and truncates the stored agent message to what the caller heard
 *   error      logged
 * A turn that ends the call (goodbye, transfer, message taken) is followed by `end` with
 * handoffData, which the <Connect action> webhook turns into <Dial> or a hang-up.
 *
 * The session's state lives in the database (the call's turn count and messages), so a call is not
 * tied to this process: when it shuts down, `handOver` lets the turn in progress finish and sends
 * `end` with reason `reconnect`; Twilio then requests the <Connect action> URL through the load
 * balancer, whichever process answers returns a new <ConversationRelay>, and the call goes on there.
 */
export type RelayOutgoing =
  { type: "text"; token: string; last: boolean; lang?: string } | { type: "end"; handoffData: string };

export interface RelayTransport {
  send(msg: RelayOutgoing): void;
  close(code?: number, reason?: string): void;
}

const ZIncoming = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("setup"),
    callSid: z.string(),
    sessionId: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    customParameters: z.record(z.string(), z.string()).optional(),
  }),
  z.object({
    type: z.literal("prompt"),
    voicePrompt: z.string(),
    lang: z.string().optional(),
    last: z.boolean().optional(),
  }),
  z.object({ type: z.literal("dtmf"), digit: z.string() }),
  z.object({
    type: z.literal("interrupt"),
    utteranceUntilInterrupt: z.string().optional(),
    durationUntilInterruptMs: z.number().optional(),
  }),
  z.object({ type: z.literal("error"), description: z.string().optional() }),
]);
type Incoming = z.infer<typeof ZIncoming>;

export interface RelaySessionOptions {
  /** Say a short filler when the first words of a reply take longer than this (tool calls). */
  fillerAfterMs?: number;
}

const SENTENCE_END = /[.!?](?:\s+|$)/g;

export class RelaySession {
  private call: CallRef | null = null;
  private callSid = "";
  private turnNo = 0;
  /** The agent message the caller is hearing now (greeting first). */
  private speakingSeq = 1;
  private chain: Promise<void> = Promise.resolve();
  private streaming: { aborted: boolean } | null = null;
  private digits = "";
  private partial = "";
  /** `end` was sent: whatever Twilio still sends belongs to no turn of ours. */
  private ended = false;
  private readonly fillerAfterMs: number;

  constructor(
    private readonly transport: RelayTransport,
    private readonly conversationId: string,
    opts: RelaySessionOptions = {},
  ) {
    this.fillerAfterMs = opts.fillerAfterMs ?? 900;
  }

  /** Feeds one raw message from Twilio. Messages are handled in order; an interrupt also acts at once. */
  handle(raw: string): Promise<void> {
    let msg: Incoming;
    try {
      const parsed = ZIncoming.safeParse(JSON.parse(raw));
      if (!parsed.success) return Promise.resolve(); // e.g. `info` events we did not subscribe to
      // Speech never has control characters; a message with them is not Twilio's (http/control-characters.ts).
      if (findControlCharacter(parsed.data) !== null) return Promise.resolve();
      msg = parsed.data;
    } catch {
      return Promise.resolve();
    }
    if (msg.type === "interrupt" && this.streaming) this.streaming.aborted = true;
    this.chain = this.chain
      .then(() => this.dispatch(msg))
      .catch((err: unknown) =>
        log.error({ err: errorSummary(err), conversationId: this.conversationId }, "relay message failed"),
      );
    return this.chain;
  }

  /**
   * For a graceful shutdown: after the turn in progress (and any message already received), tells
   * Twilio to reconnect, which brings the call to another app process. Resolves once `end` is sent.
   */
  handOver(): Promise<void> {
    this.chain = this.chain.then(() => {
      if (this.ended || !this.call) return;
      const handoff: Handoff = { reason: "reconnect", transferTo: null };
      this.ended = true;
      this.transport.send({ type: "end", handoffData: JSON.stringify(handoff) });
    });
    return this.chain;
  }

  private async dispatch(msg: Incoming) {
    if (this.ended && msg.type !== "error") return;
    switch (msg.type) {
      case "setup":
        return this.setup(msg.callSid, msg.customParameters ?? {});
      case "prompt":
        if (msg.last === false) {
          this.partial += `${msg.voicePrompt} `;
          return;
        }
        return this.turn(`${this.partial}${msg.voicePrompt}`.trim());
      case "dtmf":
        return this.dtmf(msg.digit);
      case "interrupt":
        return this.interrupted(msg.utteranceUntilInterrupt ?? "");
      case "error":
        log.warn(
          { conversationId: this.conversationId, description: msg.description },
          "ConversationRelay reported an error",
        );
        return;
    }
  }

  private async setup(callSid: string, params: Record<string, string>) {
    const call = await findCallById(this.conversationId);
    if (
      !call ||
      call.externalId !== callSid ||
      (params.conversationId && params.conversationId !== this.conversationId)
    ) {
      log.warn({ conversationId: this.conversationId, callSid }, "ConversationRelay setup for another call: closing");
      this.transport.close(1008, "unknown call");
      return;
    }
    this.call = call;
    this.callSid = callSid;
    this.turnNo = call.turnCount;
    this.speakingSeq = call.turnCount * 2 + 1;
  }

  private async dtmf(digit: string) {
    if (digit === "#") {
      const d = this.digits;
      this.digits = "";
      if (d) await this.turn(d);
      return;
    }
    if (digit === "*") {
      this.digits = "";
      return;
    }
    if (digit === "0" && !this.digits) return this.turn(line("person", this.call?.language ?? "en"));
    if (/^[0-9]$/.test(digit)) this.digits += digit;
  }

  private async turn(text: string) {
    const call = this.call;
    if (!call || !text) return;
    this.partial = "";
    const lang = call.language;
    const key = `${this.callSid}:${++this.turnNo}`;
    const state = { aborted: false };
    this.streaming = state;
    let buffer = "";
    let sentAny = false;
    const sendText = (token: string, last: boolean) => {
      if (state.aborted) return;
      sentAny ||= token.length > 0;
      this.transport.send({ type: "text", token, last });
    };
    const filler = setTimeout(() => {
      if (!sentAny) sendText(line("filler", lang), false);
    }, this.fillerAfterMs);
    let turn: AgentTurn | null = null;
    try {
      for await (const ev of respondStream({
        organizationId: call.organizationId,
        conversationId: call.conversationId,
        text,
        idempotencyKey: key,
      })) {
        if (ev.type === "token") {
          buffer += ev.text;
          // Whole sentences go out as soon as they are complete, made speakable ($120 -> words).
          let cut = 0;
          for (const m of buffer.matchAll(SENTENCE_END)) cut = m.index + m[0].length;
          if (cut > 0) {
            sendText(`${toSpeakable(buffer.slice(0, cut), lang).trim()} `, false);
            buffer = buffer.slice(cut);
          }
        } else if (ev.type === "reset") {
          buffer = "";
        } else {
          turn = ev.turn;
        }
      }
    } catch (err) {
      clearTimeout(filler);
      this.streaming = null;
      log.error({ err: errorSummary(err), conversationId: call.conversationId }, "relay turn failed");
      this.turnNo--; // nothing was stored: the retry of this utterance is the same turn
      if (!state.aborted) this.transport.send({ type: "text", token: line("errorRetry", lang), last: true });
      return;
    }
    clearTimeout(filler);
    this.streaming = null;
    if (!turn) return;
    if (turn.duplicate && !sentAny) buffer = turn.reply;
    sendText(buffer ? toSpeakable(buffer, lang).trim() : "", true);
    if (turn.state.lastAgentSeq) this.speakingSeq = turn.state.lastAgentSeq;
    if (turn.end) {
      const handoff: Handoff = {
        reason: turn.end.reason,
        transferTo: turn.end.transferTo ?? null,
        alsoRing: turn.end.alsoRing,
        ...(turn.end.payment ? { payment: turn.end.payment } : {}),
      };
      this.ended = true;
      this.transport.send({ type: "end", handoffData: JSON.stringify(handoff) });
    }
  }

  /** Barge-in: the stored agent message becomes what the caller actually heard before cutting in. */
  private async interrupted(heard: string) {
    const call = this.call;
    if (!call) return;
    const seq = this.speakingSeq;
    await withOrg(call.organizationId, (tx) =>
      tx
        .update(message)
        .set({ text: heard.trim(), interrupted: true })
        .where(
          and(
            eq(message.organizationId, call.organizationId),
            eq(message.conversationId, call.conversationId),
            eq(message.seq, seq),
            eq(message.role, "agent"),
          ),
        ),
    );
    await publish(call.organizationId, { type: "conversation.updated", conversationId: call.conversationId });
  }
}
