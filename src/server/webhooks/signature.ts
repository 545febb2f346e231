import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): the secret is `whsec_` + base64
 * of random bytes; the signature is `v1,` + base64 HMAC-SHA256 over `${id}.${timestamp}.${body}`
 * keyed with the decoded bytes. Receivers may see several space-separated signatures during a
 * secret rotation, so verification accepts any that matches.
 */
export const SECRET_PREFIX = "whsec_";

export function generateWebhookSecret() {
  return SECRET_PREFIX + randomBytes(24).toString("base64");
}

function keyBytes(secret: string) {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
}

export function sign(secret: string, id: string, timestamp: number, body: string) {
  return "v1," + createHmac("sha256", keyBytes(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
}

/** Receiver side, as documented in docs/api.md: signature, then a five-minute timestamp tolerance. */
export function verify(
  secret: string,
  headers: { id: string | null; timestamp: string | null; signature: string | null },
  body: string,
  now = Date.now(),
  toleranceSeconds = 300,
) {
  if (!headers.id || !headers.timestamp || !headers.signature) return false;
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(now / 1000 - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, headers.id, ts, body).slice(3), "base64");
  return headers.signature.split(" ").some((part) => {
    const [version, sig] = part.split(",", 2);
    if (version !== "v1" || !sig) return false;
    const given = Buffer.from(sig, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
