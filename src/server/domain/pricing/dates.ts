const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CivilDate {
  year: number;
  month: number; // 1-12
  day: number;
}

/** Parses "YYYY-MM-DD" strictly (rejects 2025-02-30). */
export function parseIsoDate(value: string): CivilDate {
  const m = ISO_DATE.exec(value);
  if (!m) throw new RangeError(`expected a date like 2025-03-18, got "${value}"`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    throw new RangeError(`"${value}" is not a calendar date`);
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
