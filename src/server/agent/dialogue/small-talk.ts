/**
 * Small talk said on its own: "how are you today?" is answered as a greeting (it was heard as an
 * hours question: "today"), and "are you a robot?" is answered truthfully (a virtual assistant, what
 * it can do, and that a person is there if wanted) instead of transferring the call at once. A
 * question that also asks for a person ("are you a robot? can I talk to a human") still goes to one.
 */
import { replayableReply } from "@/server/agent/secrets";
import { lastAgentReplies } from "@/server/agent/store/conversation-store";

import { say } from "./phrases";
import type { PolicyTurn } from "./turn";

const OPENERS = String.raw`(?:(?:hi|hey|hello|hiya|hola|buenas|buenos d[ií]as|buenas tardes|buenas noches|good (?:morning|afternoon|evening)|yeah|um+|uh+|so|well|oh|and|ok(?:ay)?)[\s,.!]*)*`;
const HOW_ARE_YOU = new RegExp(
  String.raw`^\s*${OPENERS}¿?(?:how are (?:you|ya|u)|how(?:'?re| r) (?:you|ya|u)|how (?:you|ya) doin'?g?|how(?:'?s| is) it going|how(?:'?s| is) (?:your|ur) day(?: going)?|how are things|c[oó]mo (?:est[aá]s?|est[aá]n|le va|te va)|qu[eé] tal)(?: doing| going)?(?: today| this (?:morning|afternoon|evening)| hoy)?(?:[\s,]*(?:man|dude|ma'?am|sir|there))?\s*[?.!]*\s*$`,
  "i",
);
const ASKS_IF_BOT =
  /\b(?:are|r) (?:you|u|ya) (?:a |an )?(?:real |actual )?(?:robot|bot|computer|machine|ai|a\.i\.?|person|human|live person|recording|real)\b|\b(?:is this|am i (?:talking|speaking) (?:to|with)) (?:a |an )?(?:real |live )?(?:robot|bot|computer|machine|person|human|recording|ai)\b|\b(?:eres|es usted|hablo con) (?:un |una )?(?:robot|humano|persona(?: real)?|m[aá]quina|grabaci[oó]n|computadora)\b/i;
/** Asking for a person as well: "…can I talk to a human?", "I don't want a robot". */
const WANTS_PERSON =
  /\b(?:talk|speak|transfer|connect|put me through|get me)\b.{0,30}\b(?:to|with)\b|\b(?:don'?t|do not|no) (?:want|like)\b|\b(?:representative|operator|agent|manager|somebody|someone)\b|\b(?:want|need|get me|give me)\b.{0,12}\b(?:person|human|people)\b|\b(?:quiero|puedo|p[aá]seme|comun[ií]queme) (?:hablar|con)\b/i;

/** "Sorry, can you say that again?", "what?", "¿me lo repite?": said alone, the last reply is said again. */
const REPEAT_WORDS = [
  String.raw`(?:can|could|would|will) (?:you|u|ya) (?:please )?(?:repeat(?: that| it| yourself| the last part)?|say (?:that|it) again|say (?:that|it) one more time|say again|go over (?:that|it) again)`,
  String.raw`(?:please )?repeat(?: that| it)?`,
  String.raw`say (?:that|it) again|say again|come again|one more time`,
  String.raw`what(?: was that| did you (?:just )?say| did (?:u|ya) say)?|huh|sorry|pardon(?: me)?|excuse me`,
  String.raw`i (?:didn'?t|did not|couldn'?t|could not|can'?t|cannot) (?:catch|hear|get|understand) (?:that|you|what you said|the last part)`,
  String.raw`¿?(?:c[oó]mo|qu[eé]|mande|perd[oó]n)`,
  String.raw`¿?(?:me )?(?:lo |la )?(?:puede|podr[ií]a|puedes|podr[ií]as) repetir(?:lo|la|me)?`,
  String.raw`rep[ií]ta(?:lo|la|me)?|rep[ií]temelo|otra vez`,
  String.raw`no (?:le |te )?(?:escuch[eé]|o[ií]|entend[ií])(?: bien)?`,
].join("|");
const ASKS_TO_REPEAT = new RegExp(
  String.raw`^\s*${OPENERS}(?:(?:sorry|i'?m sorry|pardon|excuse me|perd[oó]n|disculpe)[\s,.!?]*)?(?:${REPEAT_WORDS})(?:[\s,.!?]+(?:${REPEAT_WORDS}|please|por favor|again|otra vez))*\s*[?.!]*\s*$`,
  "i",
);

/** "Hold on a sec", "let me grab a pen", "un momento": said alone, the caller is given the time. */
const ASKS_TO_WAIT = new RegExp(
  String.raw`^\s*${OPENERS}(?:${[
    String.raw`(?:hold|hang) on(?: (?:a|one) (?:sec|second|moment|minute|min))?`,
    String.raw`(?:wait|just) (?:a|one) (?:sec|second|moment|minute|min)|one (?:sec|second|moment|minute|min)|wait`,
    String.raw`(?:give|gimme) me (?:a|one) (?:sec|second|moment|minute|min)|gimme (?:a|one) (?:sec|second|moment|minute)`,
    String.raw`bear with me|(?:can|could) you (?:hold|wait)(?: (?:a|one) (?:sec|second|moment|minute))?`,
    String.raw`let me (?:(?:check|see|look)(?: (?:my \w+|real quick|quick|on that))?|find (?:it|that|my \w+)|grab (?:a pen|a pencil|something to write with|my \w+)|get (?:a pen|my \w+))`,
    String.raw`un (?:momento|momentito|segundo|segundito|minuto)|esp[eé]r(?:e|ame|eme|a)(?: un (?:momento|segundo))?|perm[ií]tame|aguarde|d[eé]jeme (?:ver|buscar|revisar)`,
  ].join(
    "|",
  )})(?:[\s,.]+(?:please|por favor))?(?:[\s,.]+(?:let me|i'?m|i need to|i gotta|while i|d[eé]jeme|voy a) [\w' ]{1,40})?\s*[.!…]*\s*$`,
  "i",
);

export function repeatOrWaitOf(text: string): "repeat" | "wait" | null {
  if (text.length > 120) return null;
  if (ASKS_TO_WAIT.test(text)) return "wait";
  return ASKS_TO_REPEAT.test(text) ? "repeat" : null;
}

/**
 * A request to repeat or to wait, said alone. Answered before anything else and with nothing in
 * the dialogue changed, so what was asked or offered before still stands ("Would you like to
 * reserve one?" "sorry, what?" "…Would you like to reserve one?" "yes" books it). Null otherwise, and
 * for a repeat asked before the agent said anything.
 */
export async function repeatOrWait(turn: PolicyTurn): Promise<string | null> {
  const kind = repeatOrWaitOf(turn.utterance.text);
  const state = turn.ctx.state;
  if (kind === "wait") return say(state, "smalltalk.take_your_time");
  if (kind !== "repeat") return null;
  // What was said before "Sure, take your time." when the caller asked to wait first.
  const waits = new Set([
    say({ language: "en" }, "smalltalk.take_your_time"),
    say({ language: "es" }, "smalltalk.take_your_time"),
  ]);
  const replies = await lastAgentReplies(turn.ctx.tx, turn.ctx.organizationId, turn.ctx.conversationId, 5);
  const last = replies.find((r) => !waits.has(r));
  return last ? replayableReply(last, state) : null;
}

/** "How are you today?" alone, or "are you a robot?" without asking for a person. */
export function smallTalkOf(text: string): "how_are_you" | "are_you_a_bot" | null {
  const t = text.trim();
  if (HOW_ARE_YOU.test(t)) return "how_are_you";
  if (ASKS_IF_BOT.test(t) && !WANTS_PERSON.test(t) && t.split(/\s+/).length <= 12) return "are_you_a_bot";
  return null;
}

export async function answerSmallTalk(turn: PolicyTurn, kind: "how_are_you" | "are_you_a_bot"): Promise<string> {
  const state = turn.ctx.state;
  state.expecting = null;
  if (kind === "how_are_you") return say(state, "smalltalk.doing_well");
  const f = state.facilityId ? await turn.ctx.facts.facility(state.facilityId) : null;
  return say(state, "smalltalk.virtual_assistant", {
    ofPlace: f ? ` for ${f.name}` : "",
    ofPlaceEs: f ? ` de ${f.name}` : "",
  });
}
