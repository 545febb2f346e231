import { redactCardNumbers } from "@/server/agent/nlu/entities";

/**
 * What a conversation summary must never carry (DESIGN: card numbers never enter a transcript, a
 * log or a model prompt; gate codes are secrets revealed to a verified caller only): card numbers,
 * the gate codes a tool revealed, and any 4-8 digit number in a sentence about a gate or access
 * code. Applied to what the model is shown and to what any summary says.
 */
const GATE_TALK =
  /\b(gate|access|keypad|entry)\b[^.!?\n]*\bcode|\bcode\b[^.!?\n]*\b(gate|access|keypad|entry)\b|c[oó]digo/i;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function scrubSecrets(text: string, knownCodes: readonly string[] = []): string {
  let out = redactCardNumbers(text);
  // A known code also when written with spaces, dots or dashes between its characters ("7 5 1 2").
  for (const code of knownCodes)
    if (code.trim())
      out = out.replace(new RegExp([...code.trim()].map(escapeRegExp).join("[\\s.-]*"), "gi"), "[gate code]");
  return out.replace(/[^.!?\n]+[.!?\n]*/g, (sentence) =>
    GATE_TALK.test(sentence) ? sentence.replace(/(?<![\w-])[*#]?\d{4,8}[*#]?(?![\w-])/g, "[gate code]") : sentence,
  );
}

/** Gate codes that tools returned in these tool calls (get_account's `gateCodes[].gateCode`, anywhere). */
export function revealedGateCodes(toolResults: unknown[]): string[] {
  const codes: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (/gate_?code/i.test(k) && (typeof x === "string" || typeof x === "number")) codes.push(String(x));
        else walk(x);
      }
    }
  };
  toolResults.forEach(walk);
  return codes;
}
