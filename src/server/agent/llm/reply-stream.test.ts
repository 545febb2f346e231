import { describe, expect, it } from "vitest";

import { ReplyStream } from "./reply-stream";

/** Feeds `text` in chunks of `size` and returns what was released after each chunk. */
function play(text: string, results: unknown[], size = 3) {
  const sent: string[] = [];
  const s = new ReplyStream(
    (t) => sent.push(t),
    () => results,
  );
  const afterEach: string[] = [];
  for (let i = 0; i < text.length; i += size) {
    s.push(text.slice(i, i + size));
    afterEach.push(sent.join(""));
  }
  return { s, sent, afterEach };
}

const QUOTE = { ok: true, monthlyRateCents: 12000, promotion: { name: "First month $1" } };

describe("ReplyStream", () => {
  it("releases ordinary words at once, token by token", () => {
    const { sent, afterEach } = play("Hi there! We're open every day, come by any time.", []);
    expect(afterEach[0]).toBe("Hi ");
    expect(sent.join("")).toBe("Hi there! We're open every day, come by any time.");
  });

  it("holds a figure until its clause ends and releases it once a tool gave it", () => {
    const { s, sent, afterEach } = play("A 10x10 is $120 a month, and the first month is $1. Want one?", [QUOTE]);
    expect(afterEach[0]).toBe("A ");
    // The first clause went out (checked) while the second was still arriving.
    expect(afterEach.some((x) => x.startsWith("A 10x10 is $120 a month,") && !x.includes("$1."))).toBe(true);
    expect(afterEach.every((x) => !/\$1?$|\$12?$/.test(x))).toBe(true); // never half a figure
    s.finish();
    expect(sent.join("")).toBe("A 10x10 is $120 a month, and the first month is $1. Want one?");
  });

  it("never releases an invented price, a percentage or a code, nor anything after it", () => {
    for (const [text, results] of [
      ["Great news, a 10x10 is only $49 a month. Book now!", [QUOTE]],
      ["Sure! You get 20% off this month. Anything else?", [QUOTE]],
      ["Okay. Your gate code is 4821. Drive safe!", []],
      ["A 10x10 is $120 a month, but for you $99. Deal?", [QUOTE]],
    ] as const) {
      const { sent } = play(text, [...results], 2);
      const out = sent.join("");
      expect(out, text).not.toMatch(/\$49|20%|4821|\$99/);
      expect(text.startsWith(out), text).toBe(true);
    }
  });

  it("a code-like number held by the stricter rule is released when the whole reply passed", () => {
    const { s, sent } = play("Our address is 1200 Oak Street. See you soon!", []);
    expect(sent.join("")).toBe("Our address is ");
    s.finish();
    expect(sent.join("")).toBe("Our address is 1200 Oak Street. See you soon!");
  });
});
