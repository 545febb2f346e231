import { and, desc, eq } from "drizzle-orm";

import { respond, type AgentTurn } from "@/server/agent/engine";
import { lastQuestion } from "@/server/agent/dialogue/say";
import { toSpeakable } from "@/server/agent/voice/speakable";
import { withOrg } from "@/server/db/client";
import { message } from "@/server/db/schema";
import { log } from "@/server/log";
import { verifyTwilioForm } from "@/server/telephony/webhook-auth";

import { errorSummary } from "./error-summary";
import { findCallIdentity, findCallWithOwner, transferNumbersOf, type CallIdentity, type CallRef } from "./call-lookup";
import { line } from "./lines";
import { badRequest, flat, queryOf, ZGatherQuery, ZGatherResult } from "./params";
import { turnTwiml } from "./turn-twiml";
import { dialTwiml, gatherTwiml, sayAndHangupTwiml, xml, type Lang } from "./twiml";

/**
 * A <Gather> result: one agent turn. The action URL carries the conversation id and the turn number
 * (`t`), so the idempotency key CallSid:t is the same on Twilio's retry of this request and the
 * engine answers the retry with the turn it already took. Silence re-prompts, then offers a person,
 * then says goodbye. An exception inside the turn is an apology with a way forward.
 */
const MAX_EMPTY = 3;

export async function handleGather(req: Request): Promise<Response> {
  // The call's identity (organization, CallSid, the account that signs its webhooks): one statement
  // on its first <Gather> result, then from this process's memory for its next turns, so a turn
  // that only talks is the turn's own two round trips. The signature is checked on every request.
  const lookup: { identity?: Promise<CallIdentity | null> } = {};
  const verified = await verifyTwilioForm(
    req,
    ({ url }) => {
      lookup.identity = findCallIdentity(url.searchParams.get("c"));
      return lookup.identity.then((r) => r?.accountSid ?? null);
    },
    { controlCharacters: "report" },
  );
  if (!verified.ok) return verified.response;
  const query = ZGatherQuery.safeParse(queryOf(verified.url));
  if (!query.success) return badRequest("gather action URL", query.error);
  const parsed = ZGatherResult.safeParse(flat(verified.params));
  if (!parsed.success) return badRequest("gather result", parsed.error);
  const { c, t, e } = query.data;
  const identity = await (lookup.identity ?? findCallIdentity(c));
  // The conversation id rides in the signed URL; it must also belong to this CallSid.
  if (!identity || identity.conversationId !== c || identity.externalId !== parsed.data.CallSid) {
    log.warn({ conversationId: c, callSid: parsed.data.CallSid }, "gather result for an unknown call");
    return xml(sayAndHangupTwiml(line("lostCall", "en"), "en"));
  }
  const said = parsed.data.SpeechResult?.trim();
  if (said && !verified.controlCharacterIn) return take(identity, said, parsed.data.CallSid, t);
  // Keypad input, silence or words we cannot store: what is said depends on the call as it is now
  // (its language: the keypad's 0 asks for a person in it; its facility), read afresh.
  const call = (await findCallWithOwner(c))?.call;
  if (!call) return xml(sayAndHangupTwiml(line("lostCall", "en"), "en"));
  const lang = call.language;
  // Words we cannot store: asked again as the same turn (nothing is stored), never a 400 the caller hears.
  if (verified.controlCharacterIn)
    return xml(gatherTwiml({ speech: line("sayAgain", lang), lang, conversationId: c, turn: t, empty: e }));
  const text = callerText(parsed.data.SpeechResult, parsed.data.Digits, lang);
  if (!text) return xml(await silence(call, t, e + 1, lang));
  return take(identity, text, parsed.data.CallSid, t);
}

async function take(identity: CallIdentity, text: string, callSid: string, t: number): Promise<Response> {
  let turn: AgentTurn;
  try {
    turn = await respond({
      organizationId: identity.organizationId,
      conversationId: identity.conversationId,
      text,
      idempotencyKey: `${callSid}:${t}`,
    });
  } catch (err) {
    log.error({ err: errorSummary(err), conversationId: identity.conversationId, turn: t }, "voice turn failed");
    const call = (await findCallWithOwner(identity.conversationId).catch(() => null))?.call;
    if (!call) return xml(sayAndHangupTwiml(line("lostCall", "en"), "en"));
    return xml(await apology(call, t, call.language));
  }
  // The engine published the turn to live dashboards (realtime/conversation-events.ts).
  return xml(turnTwiml(turn, identity, t + 1));
}

/** Speech first; keypad digits as typed, except a lone 0, the universal "operator" key. */
export function callerText(speech: string | undefined, digits: string | undefined, lang: Lang): string {
  const said = speech?.trim();
  if (said) return said;
  const d = digits?.replace(/[^0-9*#]/g, "") ?? "";
  if (d === "0") return line("person", lang);
  return d.replace(/[*#]/g, "");
}

async function silence(call: CallRef, t: number, empty: number, lang: Lang): Promise<string> {
  if (empty >= MAX_EMPTY) return sayAndHangupTwiml(line("giveUp", lang), lang);
  // First silence: ask the question we were waiting on again ("May I have your name?"), not a
  // generic "How can I help you?" that loses the caller's place in a booking or a message.
  const question = empty === 1 ? await pendingQuestion(call).catch(() => null) : null;
  const speech = question
    ? `${line("didntCatch", lang)} ${toSpeakable(question, lang)}`
    : empty === 1
      ? line("reprompt", lang)
      : line("offerPerson", lang);
  // The turn number stays: nothing was said, so the next utterance is still turn t.
  return gatherTwiml({ speech, lang, conversationId: call.conversationId, turn: t, empty });
}

async function apology(call: CallRef, t: number, lang: Lang): Promise<string> {
  const [to, ...alsoRing] = await transferNumbersOf(call).catch(() => [] as string[]);
  if (to)
    return dialTwiml({
      speech: line("errorTransfer", lang),
      lang,
      transferTo: to,
      alsoRing,
      callerId: call.toAddress,
      conversationId: call.conversationId,
      turn: t,
    });
  return gatherTwiml({ speech: line("errorRetry", lang), lang, conversationId: call.conversationId, turn: t });
}

/** The last question the agent asked on this call (the last sentence of its last reply ending in "?"). */
async function pendingQuestion(call: CallRef): Promise<string | null> {
  const [last] = await withOrg(call.organizationId, (tx) =>
    tx
      .select({ text: message.text })
      .from(message)
      .where(
        and(
          eq(message.organizationId, call.organizationId),
          eq(message.conversationId, call.conversationId),
          eq(message.role, "agent"),
        ),
      )
      .orderBy(desc(message.seq))
      .limit(1),
  );
  // Only a reply that ended on its question left the agent waiting for an answer.
  const reply = last?.text.trim() ?? "";
  const question = lastQuestion(reply);
  return question && reply.endsWith(question) ? question : null;
}
