/**
 * Integer-cent arithmetic. Every division rounds half up (away from zero for the non-negative
 * amounts the engine deals in), so 0.5 cent becomes 1 cent: the convention US operators print.
 */
export function mulDivRound(amount: number, numerator: number, denominator: number): number {
  if (denominator <= 0) throw new Error("denominator must be positive");
  const product = amount * numerator;
  return Math.floor((2 * product + denominator) / (2 * denominator));
}

/** Basis points of an amount, rounded half up. */
export function bpsOf(amountCents: number, bps: number): number {
  return mulDivRound(amountCents, bps, 10_000);
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
}

export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;
}

export function assertCents(name: string, value: number) {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer number of cents (got ${value})`);
}
