import { DomainError } from "@/lib/domain-error";

const END = /^([A-Za-z-]*?)(\d+)$/;
export const MAX_UNITS_PER_RANGE = 2000;

/**
 * Expands "A101-A130" (also "A101–A130" with an en dash, "101-130", or a single "B7") into unit
 * numbers. Both ends share the prefix; the start's digit count sets zero padding ("A001-A010").
 */
export function expandUnitRange(range: string): string[] {
  const parts = range.trim().split(/\s*[-–—]\s*(?=[A-Za-z]*\d+$)/);
  const start = END.exec(parts[0] ?? "");
  const end = END.exec(parts[1] ?? parts[0] ?? "");
  if (parts.length > 2 || !start || !end)
    throw new DomainError("BAD_REQUEST", `"${range}" is not a unit range like A101-A130.`);
  const [, prefix, from] = start;
  const [, endPrefix, to] = end;
  if (prefix!.toUpperCase() !== endPrefix!.toUpperCase())
    throw new DomainError("BAD_REQUEST", `Both ends of "${range}" must share the prefix.`);
  const a = Number(from);
  const b = Number(to);
  if (b < a) throw new DomainError("BAD_REQUEST", `"${range}" ends before it starts.`);
  if (b - a + 1 > MAX_UNITS_PER_RANGE)
    throw new DomainError("BAD_REQUEST", `At most ${MAX_UNITS_PER_RANGE} units at a time.`);
  const width = from!.length;
  const out: string[] = [];
  for (let n = a; n <= b; n++) out.push(`${prefix}${String(n).padStart(width, "0")}`);
  return out;
}
