import { PmsError } from "./types";

/**
 * One place that turns a PMS HTTP exchange into a PmsError: a timeout or refused connection is
 * "unreachable" (retry later), 401 "auth", 403 "scope", 404 "not_found", 409/422 "refused" (the PMS
 * said no to this request: e.g. the unit is taken there), 5xx "server". Callers pass their own
 * timeout: a booking inside a voice turn gets a short one, a sync a long one.
 */
export const DEFAULT_PMS_TIMEOUT_MS = 15_000;

/**
 * How long one request may take: what is left of the operation's deadline when the adapter was
 * given a budget (a booking inside a voice turn: every request of the operation, a token, a convert
 * and its fallback, an order and its reserve, shares it), else the default per request.
 */
export function requestTimeout(deadline: number | null | undefined): number {
  return deadline ? deadline - Date.now() : DEFAULT_PMS_TIMEOUT_MS;
}

export async function fetchWithTimeout(
  provider: string,
  url: string,
  init: RequestInit,
  timeoutMs = DEFAULT_PMS_TIMEOUT_MS,
): Promise<Response> {
  // The budget is spent: say so without sending a request that could not be answered in time.
  if (timeoutMs <= 0) throw new PmsError("unreachable", `${provider} did not answer within the budget`);
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error;
    const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
    throw new PmsError(
      "unreachable",
      timedOut ? `${provider} did not answer within ${timeoutMs} ms` : `${provider} could not be reached`,
      null,
      timedOut ? null : e.message,
    );
  }
}

export function errorFromStatus(provider: string, status: number, pmsMessage: string | null): PmsError {
  const kind =
    status === 401
      ? "auth"
      : status === 403
        ? "scope"
        : status === 404
          ? "not_found"
          : status === 409 || status === 422
            ? "refused"
            : status === 400
              ? "invalid"
              : status === 408 || status === 429 || status >= 500
                ? status >= 500
                  ? "server"
                  : "unreachable"
                : "invalid";
  return new PmsError(kind, `${provider} answered ${status}${pmsMessage ? `: ${pmsMessage}` : ""}`, status, pmsMessage);
}

/** Dollars as the PMS sends them (764.95) to integer cents, without float drift. */
export function dollarsToCents(value: number | string | null | undefined): number {
  if (value === null || value === undefined || value === "") return 0;
  return Math.round(Number(value) * 100);
}
