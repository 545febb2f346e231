import { randomInt } from "node:crypto";

/**
 * Gate codes open a customer's facility, so they are stored encrypted (encryptSecret in
 * src/server/auth/encryption.ts) and decrypted only when staff ask to see one.
 */

/** Six digits, never starting with 0 (keypads and people drop leading zeros). */
export function generateGateCode(): string {
  return String(randomInt(100_000, 1_000_000));
}
