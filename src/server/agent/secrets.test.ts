import { describe, expect, it } from "vitest";

import { redactSecrets, redactSecretsDeep, SECRET_PLACEHOLDER } from "./secrets";

describe("redactSecrets", () => {
  it("replaces a revealed code however it is written, never a longer number that contains it", () => {
    expect(redactSecrets("Your gate code is 482915, or 4 8 2-9 1 5. Call 5554829150.", ["482915"])).toBe(
      `Your gate code is ${SECRET_PLACEHOLDER}, or ${SECRET_PLACEHOLDER}. Call 5554829150.`,
    );
    expect(redactSecrets("nothing to hide", [])).toBe("nothing to hide");
  });

  it("redacts strings inside tool-call records and keeps everything else", () => {
    const calls = [
      { name: "get_account", args: {}, result: { gateCodes: [{ unitNumber: "A1", gateCode: "615273" }] }, ms: 3 },
    ];
    expect(redactSecretsDeep(calls, ["615273"])).toEqual([
      {
        name: "get_account",
        args: {},
        result: { gateCodes: [{ unitNumber: "A1", gateCode: SECRET_PLACEHOLDER }] },
        ms: 3,
      },
    ]);
  });
});
