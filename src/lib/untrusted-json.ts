/**
 * JSON from outside (request bodies, import files, socket messages) parsed behind a size and a
 * nesting check, so a parser or what runs on its result never recurses over a hostile document. Pure:
 * the HTTP readers in src/server/http/untrusted-input.ts and the import parser both use it.
 */

/** Deeper than any document we accept (the import file nests 8 levels), far below what hurts. */
export const MAX_JSON_DEPTH = 32;

export type UntrustedJson =
  | { ok: true; value: unknown }
  | { ok: false; reason: "too-large" | "too-deep" | "invalid"; message: string; position?: number };

/**
 * True when `[`/`{` nesting outside strings goes deeper than `maxDepth`. One pass, no recursion and
 * no allocation, so it is safe on any input; it stops at the first level too deep.
 */
export function jsonNestingExceeds(text: string, maxDepth: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, including a quote
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * JSON.parse behind a size and a depth check. V8's JSON.parse is itself iterative, but what runs on
 * the result next (validation, logging, serialising it back) may recurse, so depth is capped too.
 */
export function parseUntrustedJson(text: string, limits: { maxBytes: number; maxDepth?: number }): UntrustedJson {
  // Cheap bound first: a UTF-16 unit is at most 3 UTF-8 bytes, at least 1.
  if (text.length > limits.maxBytes || Buffer.byteLength(text, "utf8") > limits.maxBytes)
    return { ok: false, reason: "too-large", message: `Keep it under ${limits.maxBytes} bytes.` };
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  if (jsonNestingExceeds(text, maxDepth))
    return { ok: false, reason: "too-deep", message: `Nested deeper than ${maxDepth} levels.` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = (err as Error).message;
    const at = /at position (\d+)/.exec(message);
    return { ok: false, reason: "invalid", message, ...(at ? { position: Number(at[1]) } : {}) };
  }
}
