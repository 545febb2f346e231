import { randomInt } from "node:crypto";

/** No 0/O, 1/I/L: codes are read aloud on calls and typed from texts. 31^6 ≈ 887 million. */
export const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function generateConfirmationCode(length = 6): string {
  let out = "";
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}
