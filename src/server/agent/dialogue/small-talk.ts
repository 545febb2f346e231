/**
 * Small talk said on its own: "how are you today?" is answered as a greeting (it was heard as an
 * hours question: "today"), and "are you a robot?" is answered truthfully (a virtual assistant, what
 * it can do, and that a person is there if wanted) instead of transferring the call at once. A
 * question that also asks for a person ("are you a robot? can I talk to a human") still goes to one.
 */
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
