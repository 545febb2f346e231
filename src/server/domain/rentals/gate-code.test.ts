import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { decryptSecret, encryptSecret } from "@/server/auth/encryption";

import { generateGateCode } from "./gate-code";

describe("gate code encryption", () => {
  it("round-trips, uses a fresh IV each time and rejects tampering or the wrong key", () => {
    const key = randomBytes(32);
    const code = generateGateCode();
    expect(code).toMatch(/^[1-9]\d{5}$/);
    const a = encryptSecret(code, key);
    expect(a).not.toContain(code);
    expect(encryptSecret(code, key)).not.toBe(a);
    expect(decryptSecret(a, key)).toBe(code);
    expect(() => decryptSecret(a, randomBytes(32))).toThrow();
    const [iv, tag, data] = a.split(".");
    const flipped = Buffer.from(data!, "base64url");
    flipped[0]! ^= 1;
    expect(() => decryptSecret([iv, tag, flipped.toString("base64url")].join("."), key)).toThrow();
  });
});
