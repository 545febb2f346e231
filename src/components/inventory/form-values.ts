/**
 * Text a person types into the facility and unit-type forms, read into the API's shapes: dollars
 * as "12.50", percentages, whole numbers, lists as comma-separated text. Each reader returns the
 * value or an error message naming the field. Weekly hours are picked, not typed (./hours-model.ts).
 */
export const WEEKDAY_NAMES = [
  ["mon", "Monday"],
  ["tue", "Tuesday"],
  ["wed", "Wednesday"],
  ["thu", "Thursday"],
  ["fri", "Friday"],
  ["sat", "Saturday"],
  ["sun", "Sunday"],
] as const;
export type WeekdayKey = (typeof WEEKDAY_NAMES)[number][0];
export type TimeRange = { open: string; close: string };
export type WeeklyHours = Partial<Record<WeekdayKey, TimeRange[]>>;

type Read<T> = { ok: true; value: T } | { ok: false; error: string };

/** "12.50" or "$1,200" → 1250 cents. */
export function readDollars(text: string, field: string): Read<number> {
  const t = text.trim().replace(/^\$/, "").replace(/,/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(t))
    return { ok: false, error: `${field}: enter an amount in dollars, e.g. 25 or 12.50.` };
  return { ok: true, value: Math.round(Number(t) * 100) };
}

export const dollars = (cents: number) => (cents / 100).toFixed(2);

/** "8.25" (%) → 825 basis points. */
export function readPercent(text: string, field: string): Read<number> {
  const t = text.trim().replace(/%$/, "");
  if (!/^\d+(\.\d{1,2})?$/.test(t) || Number(t) > 100)
    return { ok: false, error: `${field}: enter a percentage between 0 and 100, e.g. 8.25.` };
  return { ok: true, value: Math.round(Number(t) * 100) };
}

/** A whole number within bounds. */
export function readInt(text: string, field: string, min: number, max: number): Read<number> {
  const t = text.trim();
  if (!/^-?\d+$/.test(t) || Number(t) < min || Number(t) > max)
    return { ok: false, error: `${field}: enter a whole number from ${min} to ${max}.` };
  return { ok: true, value: Number(t) };
}

export const readList = (text: string) => [
  ...new Set(
    text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

/**
 * A promotion's value as the API stores it: percent off in basis points, amounts in cents, nothing
 * for free months. A discount of zero is refused (it would save the customer nothing); a fixed
 * first month of $0 is a free first month and stays allowed.
 */
export function readPromotionValue(
  kind: "first_month_fixed" | "percent_off" | "amount_off" | "free_months",
  text: string,
): Read<number> {
  if (kind === "free_months") return { ok: true, value: 0 };
  if (kind === "percent_off") {
    const r = readPercent(text, "Percent off");
    return r.ok && r.value === 0 ? { ok: false, error: "Percent off: enter a percentage above 0, e.g. 50." } : r;
  }
  const r = readDollars(text, "Amount");
  return r.ok && r.value === 0 && kind === "amount_off"
    ? { ok: false, error: "Amount: enter an amount above $0, e.g. 25." }
    : r;
}
