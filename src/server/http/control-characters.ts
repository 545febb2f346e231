/**
 * Untrusted text may not carry control characters. PostgreSQL refuses a NUL in `text` outright (the
 * query fails, which used to surface as a 500 with the query's parameters in the log), and the other
 * C0 controls, DEL and the C1 block are never part of a name, phone number, address or message: they
 * only hide text from people reading it. Tab, line feed and carriage return stay allowed (notes and
 * messages have lines).
 *
 * Every entry point checks what it parsed before anything else uses it: tRPC inputs (the base
 * procedure), the public REST API, the web chat, Twilio and Stripe webhooks, Better Auth's endpoints
 * and ConversationRelay messages. Each answers 400 with the offending field's path, never its value.
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export const hasControlCharacter = (text: string) => FORBIDDEN.test(text);

const MAX_DEPTH = 64;

/**
 * The dotted path of the first string (or object key) in `value` holding a forbidden character, or
 * null when there is none. `""` names `value` itself. Stops descending past MAX_DEPTH levels (what
 * lies deeper is refused by the parsers' own depth caps).
 */
export function findControlCharacter(value: unknown, path = "", depth = 0): string | null {
  if (typeof value === "string") return FORBIDDEN.test(value) ? path : null;
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlCharacter(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  // Maps, Dates, Uint8Arrays and such are not from untrusted text.
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const here = path ? `${path}.${k}` : k;
    if (FORBIDDEN.test(k)) return path || "(a field name)";
    const found = findControlCharacter(v, here, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export const CONTROL_CHARACTER_MESSAGE = "Text may not contain control characters (such as NUL).";
