import { describe, expect, it } from "vitest";

import { lagFromSamples, parseLsn } from "./replica";

describe("replica lag by WAL position", () => {
  it("orders WAL positions as Postgres does", () => {
    expect(parseLsn("0/3000000")).toBe(0x3000000n);
    expect(parseLsn("16/B374D848") > parseLsn("16/B374D847")).toBe(true);
    expect(parseLsn("17/0") > parseLsn("16/FFFFFFFF")).toBe(true);
    expect(() => parseLsn("nonsense")).toThrow(/not a WAL position/);
  });

  it("is the age of the oldest primary position the replica has not replayed", () => {
    const samples = [
      { at: 10_000, lsn: 100n },
      { at: 11_000, lsn: 200n },
      { at: 12_000, lsn: 300n },
    ];
    expect(lagFromSamples(samples, 300n, 12_500)).toBe(0); // caught up
    expect(lagFromSamples(samples, 150n, 12_500)).toBe(1.5); // missing what the primary had at 11 s
    expect(lagFromSamples(samples, 50n, 12_500)).toBe(2.5);
    // An idle primary: nothing new since the last sample, replica has it: no lag however long ago.
    expect(lagFromSamples([{ at: 0, lsn: 100n }], 100n, 3_600_000)).toBe(0);
  });
});
