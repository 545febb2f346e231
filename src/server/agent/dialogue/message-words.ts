/**
 * Whether a caller's reply carries a message of its own. Asked "Should we call you back at …?", a
 * caller often answers with the message ("have the manager call me back about a billing question");
 * asked for a name, with the name and the reason in one breath. Those words are the message, whatever
 * was asked. A reply made only of a name, a number, a yes or a no, or the request itself ("can I
 * leave a message for the manager") is not.
 */
import type { Understanding } from "./understand";

/** Words that say nothing the office needs to read: answers, fillers, and asking for a person or a message. */
const EMPTY = new Set(
  (
    "a an the and or but so to for of at on in it its it's is was be am are i i'm im i'd id me my mine you your " +
    "we us our they them he she him her this that that's thats there here yes yeah yep yup sure ok okay okey alright " +
    "right correct fine good great please thanks thank no nope nah not um uh er hmm oh well hi hello hey just " +
    "name name's names number phone cell mobile call calling back reach same one works work best can could would " +
    "will should may might do does want wanted like need needed leave leaving message messages pass along tell let " +
    "know speak talk talking someone somebody anyone anybody person human manager office staff team representative " +
    "real live agent nobody pick up now still have has get got give with from by go ahead e-mail email mail " +
    "also too actually wait sorry what"
  ).split(" "),
);

/**
 * "from unit 12", "in 204", "unit b-7", "de la unidad 12": which unit the caller rents, said with the
 * name to say who they are. It tells the office who called, not what about.
 */
const UNIT_REFERENCE =
  /\b(?:(?:from|in|at|of|with|renting|rent|de(?: la)?|en(?: la)?)\s+)?(?:(?:storage\s+)?unit|space|locker|unidad|bodega)\s*(?:number|no\.?|n[uú]mero|#)?\s*#?\s*[a-z]?-?\d{1,5}[a-z]?\b|\b(?:from|in)\s+#?(?!(?:19|20)\d\d\b)\d{2,4}[a-z]?\b(?!\s*(?:weeks?|days?|months?|years?|minutes?|mins?|hours?|hrs?|am|pm|a\.m|p\.m|o'?clock|by|feet|ft|x)\b)/gi;

/** "about my bill", "regarding the gate": a topic named, however short. */
const TOPIC = /\b(about|regarding|concerning|because|re)\s+\S+/i;

/**
 * The caller's words as a message, or null when the reply holds nothing beyond names, numbers,
 * yes/no and the request for a message. At the start of the flow (`opening`) a longer reply is
 * needed, since the request itself comes in many words.
 */
export function messageWords(utterance: Understanding, opts: { opening?: boolean } = {}): string | null {
  const text = utterance.text.trim();
  if (!text || text.includes("[card number]")) return null;
  // Names, numbers, e-mails and dates are what was asked for, not the message.
  let rest = text;
  for (const e of [...utterance.entities].sort((a, b) => b.start - a.start))
    if (e.type === "name" || e.type === "phone" || e.type === "email" || e.type === "yes_no")
      rest = `${rest.slice(0, e.start)} ${rest.slice(e.end)}`;
  rest = rest.replace(UNIT_REFERENCE, " ");
  const words = rest
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s-]/gu, " ")
    .split(/\s+/)
    .filter((w) => w && !EMPTY.has(w));
  const topic = TOPIC.test(rest) && words.length >= 1;
  const enough = opts.opening ? words.length >= 5 || topic : words.length >= 2 || topic;
  return enough ? text : null;
}

/** The unit named in a reply ("from unit 12" → "unit 12", "in 204" → "unit 204"), or null. */
export function unitReferenceIn(text: string): string | null {
  const m = text.match(UNIT_REFERENCE)?.[0];
  const id = m?.match(/#?\s*([a-z]?-?\d{1,5}[a-z]?)\s*$/i)?.[1];
  return id ? `unit ${id.toUpperCase()}` : null;
}

/** The message with the unit the caller rents, unless the message already names it. */
export function withUnit(message: string, unit: string | undefined): string {
  if (!unit) return message;
  const id = unit.replace(/^unit /, "");
  return new RegExp(`(^|[^\\p{L}\\p{N}])${id.replace(/[-]/g, "\\-")}([^\\p{L}\\p{N}]|$)`, "iu").test(message)
    ? message
    : `${message} (${unit})`;
}
