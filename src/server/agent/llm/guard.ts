/**
 * Checks a model's final reply against what the tools actually returned this turn. A reply that
 * names a dollar amount, a percentage or a gate code no tool produced is treated as a failure and
 * the default brain answers instead: the model may phrase facts, never create them.
 */
function collectNumbers(value: unknown, cents: Set<number>, strings: string[]) {
  if (typeof value === "number" && Number.isInteger(value)) cents.add(value);
  else if (typeof value === "string") strings.push(value);
  else if (Array.isArray(value)) for (const v of value) collectNumbers(v, cents, strings);
  else if (value && typeof value === "object") for (const v of Object.values(value)) collectNumbers(v, cents, strings);
}

const DOLLARS = /\$\s?(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{2}))?/g;
const dollarsToCents = (m: RegExpMatchArray) => Number(m[1]!.replace(/,/g, "")) * 100 + Number(m[2] ?? 0);

/** Every string the tools returned, joined: what a reply may quote (codes, names, promotion text). */
export function toolText(toolResults: unknown[]): string {
  const strings: string[] = [];
  for (const r of toolResults) collectNumbers(r, new Set(), strings);
  return strings.join(" ");
}

export function checkReply(reply: string, toolResults: unknown[]): { ok: true } | { ok: false; reason: string } {
  const cents = new Set<number>();
  const strings: string[] = [];
  for (const r of toolResults) collectNumbers(r, cents, strings);
  const text = strings.join(" ");
  // Amounts written inside tool text (a promotion called "First month $1") count as given.
  for (const m of text.matchAll(DOLLARS)) cents.add(dollarsToCents(m));
  for (const m of reply.matchAll(DOLLARS)) {
    if (!cents.has(dollarsToCents(m))) return { ok: false, reason: `invented price ${m[0]}` };
  }
  for (const m of reply.matchAll(/(\d{1,3})\s?(%|percent|por ciento)/gi)) {
    const bps = Number(m[1]) * 100;
    if (!cents.has(bps) && !text.includes(m[0])) return { ok: false, reason: `invented percentage ${m[0]}` };
  }
  if (/gate|access code|c[oó]digo de (acceso|puerta|port[oó]n)/i.test(reply)) {
    for (const m of reply.matchAll(/\b\d{4,8}\b/g)) {
      if (!text.includes(m[0])) return { ok: false, reason: "gate code not from a tool" };
    }
  }
  return { ok: true };
}
