/** Plain date arithmetic on "YYYY-MM-DD" local dates (no time zone involved), shared with the browser. */
const DAY_MS = 86_400_000;
const toUtc = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return fromUtc(toUtc(date) + days * DAY_MS);
}

/** Days in an inclusive range. */
export function daysInRange(p: { from: string; to: string }): number {
  return Math.round((toUtc(p.to) - toUtc(p.from)) / DAY_MS) + 1;
}

/** The period of the same length ending the day before `p` starts. */
export function previousPeriod(p: { from: string; to: string }): { from: string; to: string } {
  const n = daysInRange(p);
  return { from: addDays(p.from, -n), to: addDays(p.from, -1) };
}

/** Every date of an inclusive range, in order. */
export function datesOf(p: { from: string; to: string }): string[] {
  const out: string[] = [];
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) out.push(d);
  return out;
}
