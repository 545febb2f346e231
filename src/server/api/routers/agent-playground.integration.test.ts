import { describe, expect, it } from "vitest";

import { ZPlaygroundStart } from "./agent";

const facilityId = "5b0c4a52-6a57-4a4e-9a4b-2f7f2f0b8d11";

describe("agent playground start", () => {
  it("reads the simulated caller ID as a phone number (E.164)", () => {
    expect(ZPlaygroundStart.parse({ facilityId, fromAddress: "(512) 555-0123" }).fromAddress).toBe("+15125550123");
    expect(ZPlaygroundStart.parse({ facilityId, fromAddress: "" }).fromAddress).toBeNull();
    expect(ZPlaygroundStart.parse({ facilityId }).fromAddress).toBeNull();
  });

  it("refuses a caller ID that is not a phone number instead of dropping it", () => {
    const parsed = ZPlaygroundStart.safeParse({ facilityId, fromAddress: "not-a-phone" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/caller ID as a phone number/);
  });
});
