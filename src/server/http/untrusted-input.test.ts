import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { jsonNestingExceeds, parseUntrustedJson } from "@/lib/untrusted-json";

import { BodyTooLargeError, jsonGuardStream, readBoundedBody } from "./untrusted-input";

/** Text made of JSON's structural characters and a few awkward ones, where parsers go wrong. */
const jsonish = fc
  .array(fc.constantFrom("[", "]", "{", "}", '"', "\\", ",", ":", "1", "a", "\u0000", "\ud800", " ", "\n", "é"), {
    maxLength: 300,
  })
  .map((parts) => parts.join(""));

const nested = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth);

describe("jsonNestingExceeds", () => {
  it("counts arrays and objects, not brackets inside strings", () => {
    expect(jsonNestingExceeds(nested(32), 32)).toBe(false);
    expect(jsonNestingExceeds(nested(33), 32)).toBe(true);
    expect(jsonNestingExceeds('{"a":'.repeat(33) + "1" + "}".repeat(33), 32)).toBe(true);
    expect(jsonNestingExceeds(JSON.stringify({ a: "[[[[[[[[[[", b: '"\\[[[[[[' }), 2)).toBe(false);
    expect(jsonNestingExceeds("[[],[],[[]]]", 3)).toBe(false);
  });

  it("agrees with the real depth of any JSON value", () => {
    const depthOf = (v: unknown): number =>
      v !== null && typeof v === "object" ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, limit) => {
        expect(jsonNestingExceeds(JSON.stringify(value), limit)).toBe(depthOf(value) > limit);
      }),
    );
  });
});

describe("parseUntrustedJson", () => {
  it("refuses text too deep or too large before parsing, and parses the rest", () => {
    expect(parseUntrustedJson(nested(20_000), { maxBytes: 1e6 })).toMatchObject({ ok: false, reason: "too-deep" });
    expect(parseUntrustedJson('"' + "é".repeat(600) + '"', { maxBytes: 1000 })).toMatchObject({
      ok: false,
      reason: "too-large",
    });
    expect(parseUntrustedJson('{"a":[1,2]}', { maxBytes: 100 })).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseUntrustedJson('{"a":', { maxBytes: 100 })).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(jsonish, (text) => {
        const out = parseUntrustedJson(text, { maxBytes: 200, maxDepth: 4 });
        expect(typeof out.ok).toBe("boolean");
      }),
    );
  });
});

describe("readBoundedBody", () => {
  const streamed = (chunks: number, size: number) =>
    new Request("http://x/", {
      method: "POST",
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < chunks; i++) c.enqueue(new Uint8Array(size).fill(65));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);

  it("reads a body within the limit", async () => {
    expect((await readBoundedBody(streamed(3, 10), 30)).byteLength).toBe(30);
    expect((await readBoundedBody(new Request("http://x/", { method: "POST" }), 10)).byteLength).toBe(0);
  });

  it("refuses a declared or streamed body over the limit", async () => {
    await expect(readBoundedBody(streamed(4, 10), 30)).rejects.toBeInstanceOf(BodyTooLargeError);
    const declared = new Request("http://x/", { method: "POST", body: "x", headers: { "content-length": "99" } });
    await expect(readBoundedBody(declared, 30)).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});

describe("jsonGuardStream", () => {
  const through = async (chunks: string[], limits: { maxBytes: number; maxDepth?: number }) => {
    const source = new ReadableStream<Uint8Array>({
      start(c) {
        for (const s of chunks) c.enqueue(new TextEncoder().encode(s));
        c.close();
      },
    });
    const guarded = source.pipeThrough(jsonGuardStream(limits, (reason) => new Error(reason)));
    return new Response(guarded).text();
  };

  it("passes a body within the limits unchanged, across chunk boundaries", async () => {
    expect(await through(['{"a":"\\', '"[[[["', ',"b":[[1]]}'], { maxBytes: 100, maxDepth: 3 })).toBe(
      '{"a":"\\"[[[["' + ',"b":[[1]]}',
    );
  });

  it("fails the stream when the body is too deep or too large", async () => {
    await expect(through(["[".repeat(20), "]".repeat(20)], { maxBytes: 100, maxDepth: 19 })).rejects.toThrow(
      "too-deep",
    );
    await expect(through(["[".repeat(20_000)], { maxBytes: 1e6 })).rejects.toThrow("too-deep");
    await expect(through(["x".repeat(60), "x".repeat(60)], { maxBytes: 100 })).rejects.toThrow("too-large");
  });

  it("measures depth exactly as jsonNestingExceeds does", async () => {
    await fc.assert(
      fc.asyncProperty(jsonish, fc.integer({ min: 1, max: 6 }), async (text, cut) => {
        const at = Math.floor(text.length / cut);
        const refused = await through([text.slice(0, at), text.slice(at)], { maxBytes: 1e6, maxDepth: 4 }).then(
          () => false,
          () => true,
        );
        expect(refused).toBe(jsonNestingExceeds(text, 4));
      }),
    );
  });
});
