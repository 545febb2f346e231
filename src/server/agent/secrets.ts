import { say } from "./dialogue/phrases";
import type { DialogueState } from "./dialogue/state";

/**
 * Secrets a turn revealed to the caller (gate codes): said or texted to the caller live, never
 * stored. The transcript (message.text, the tool-call records) and the SMS reply row keep this
 * placeholder instead; each reveal is audited (rental.gate_code_viewed), like the dashboard's.
 */
export const SECRET_PLACEHOLDER = "[gate code]";

/**
 * A reply sent again from what was stored (a redelivered text whose first answer was lost, a
 * retried chat turn) cannot carry the secret it gave, and must not send the placeholder as if it
 * were the code: such a reply is replaced by a clear apology asking the caller to ask again (the
 * new turn reveals the code, audited, after the same checks). Other replies are sent as stored.
 */
export function replayableReply(stored: string, state: Pick<DialogueState, "language">): string {
  return stored.includes(SECRET_PLACEHOLDER) ? say(state, "engine.gate_code_not_resent") : stored;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `text` with each secret replaced, also when written with spaces, dots or dashes between its
 * characters ("4 8 2-9 1 5", as a model may write it), but not inside a longer number.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    const chars = [...secret.trim()];
    if (chars.length === 0) continue;
    const pattern = chars.map(escape).join("[\\s.-]*");
    out = out.replace(new RegExp(`(?<![0-9A-Za-z])${pattern}(?![0-9A-Za-z])`, "gi"), SECRET_PLACEHOLDER);
  }
  return out;
}

/** The same for any JSON-like value (tool arguments and results): strings are redacted, the rest kept. */
export function redactSecretsDeep<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redactSecrets(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object" && !(v instanceof Date))
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
