/** Deep equality on JSON-like values, ignoring key order and treating undefined as null. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== null);
    return `{${entries
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** The keys of `wanted` whose values differ from `current`. */
export function changedFields<T extends Record<string, unknown>>(
  current: Record<string, unknown>,
  wanted: T,
): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(wanted)) if (!sameValue(current[k], v)) (out as Record<string, unknown>)[k] = v;
  return out;
}
