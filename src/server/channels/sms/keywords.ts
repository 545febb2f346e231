import { formatPhone } from "@/lib/format-phone";

/**
 * The carrier/CTIA keywords Twilio honours on long codes (its default opt-out handling), matched
 * the way Twilio matches them: the whole message, trimmed, any case. Twilio also tells us what it
 * recognised in the `OptOutType` parameter (STOP, START, HELP), which we trust when present.
 */
export const OPT_OUT_KEYWORDS = [
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "END",
  "QUIT",
  "CANCEL",
  "REVOKE",
  "OPTOUT",
] as const;
export const OPT_IN_KEYWORDS = ["START", "UNSTOP", "YES"] as const;
export const HELP_KEYWORDS = ["HELP", "INFO"] as const;

/**
 * "YES" is an opt-in keyword only for a phone that has opted out. From anyone else it is the answer
 * to our own question ("Shall I reserve it?") and goes to the agent; taken as a keyword, it was
 * swallowed without a reply and the booking never happened.
 */
export function isConversationalOptIn(action: KeywordAction | null): boolean {
  return action?.kind === "opt_in" && action.keyword === "YES";
}

export type KeywordAction = { kind: "opt_out" | "opt_in" | "help"; keyword: string };

export function classifyKeyword(body: string, optOutType?: string | null): KeywordAction | null {
  // Trailing punctuation ("Stop." / "STOP!") still means stop.
  const word = body
    .trim()
    .replace(/[.!?]+$/, "")
    .trim()
    .toUpperCase();
  const type = optOutType?.trim().toUpperCase();
  if (type === "STOP" || (OPT_OUT_KEYWORDS as readonly string[]).includes(word))
    return { kind: "opt_out", keyword: word || "STOP" };
  if (type === "START" || (OPT_IN_KEYWORDS as readonly string[]).includes(word))
    return { kind: "opt_in", keyword: word || "START" };
  if (type === "HELP" || (HELP_KEYWORDS as readonly string[]).includes(word))
    return { kind: "help", keyword: word || "HELP" };
  return null;
}

/** HELP: who is texting them and how to reach a person (US numbers written as "(512) 555-0100", not E.164), plus the opt-out reminder carriers require. */
export function helpReply(input: {
  organizationName: string;
  facilityName?: string | null;
  contact?: string | null;
  ourNumber: string;
}): string {
  const who = input.facilityName ? `${input.organizationName} (${input.facilityName})` : input.organizationName;
  const contact = (input.contact?.trim() ? input.contact.trim() : `call or text ${input.ourNumber}`).replace(
    /\+1\d{10}\b/g,
    (n) => formatPhone(n),
  );
  return `${who}: for help, ${contact}. Msg & data rates may apply. Reply STOP to opt out.`;
}
