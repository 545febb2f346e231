import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { contentTokens, normalizeUtterance } from "./normalize";
import { numberToSpanishWords, numberToWords, parseNumberAt } from "./number-words";
import { formatForSms } from "./sms-text";
import {
  speakCode,
  speakDate,
  speakHouseNumber,
  speakPhone,
  speakPrice,
  speakSize,
  speakTime,
  toSpeakable,
} from "./speakable";

describe("number words", () => {
  it.each([
    ["twenty five", 25],
    ["a hundred and fifty", 150],
    ["one hundred twenty nine", 129],
    ["fifteen", 15],
    ["treinta y dos", 32],
    ["two thousand twenty six", 2026],
    ["12", 12],
  ])("parses %s", (text, value) => {
    expect(parseNumberAt(text.split(" "), 0)?.value).toBe(value);
  });

  it("does not merge digits read one by one, and reads ordinals", () => {
    expect(parseNumberAt(["five", "one", "oh"], 0)).toEqual({ value: 5, consumed: 1, ordinal: false });
    expect(parseNumberAt(["twenty", "first"], 0)).toEqual({ value: 21, consumed: 2, ordinal: true });
    expect(parseNumberAt(["oh"], 0)).toBeUndefined();
  });

  it("round-trips numberToWords through the parser", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), (n) => {
        const words = numberToWords(n).replace(/-/g, " ").split(" ");
        expect(parseNumberAt(words, 0)).toMatchObject({ value: n, consumed: words.length });
      }),
    );
  });

  it("writes Spanish numbers", () => {
    expect(numberToSpanishWords(49)).toBe("cuarenta y nueve");
    expect(numberToSpanishWords(100)).toBe("cien");
    expect(numberToSpanishWords(129)).toBe("ciento veintinueve");
    expect(numberToSpanishWords(1500)).toBe("mil quinientos");
  });
});

describe("normalizeUtterance", () => {
  it("lower-cases, folds accents, drops fillers and writes numbers as digits", () => {
    expect(normalizeUtterance("Um, how much is uh a TEN by fifteen?")).toBe("how much is a 10 by 15");
    expect(normalizeUtterance("¿Cuánto cuesta?")).toBe("cuanto cuesta");
    expect(normalizeUtterance("the twenty first")).toBe("the 21th");
  });

  it("keeps 'like' as a verb and 'uh huh' as a yes", () => {
    expect(normalizeUtterance("i'd like to rent like a unit")).toBe("i'd like to rent a unit");
    expect(normalizeUtterance("uh huh")).toBe("uh huh");
  });

  it("keeps offsets into the original text", () => {
    const text = "Um, the DOWNTOWN one";
    for (const t of contentTokens(text)) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.text);
  });
});

describe("speakable", () => {
  it("says prices in cents as words", () => {
    expect(speakPrice(4900)).toBe("forty-nine dollars");
    expect(speakPrice(100)).toBe("one dollar");
    expect(speakPrice(1250)).toBe("twelve dollars and fifty cents");
    expect(speakPrice(1)).toBe("one cent");
    expect(speakPrice(4900, "es")).toBe("cuarenta y nueve dólares");
    expect(speakPrice(2101, "es")).toBe("veintiún dólares con un centavo");
    expect(() => speakPrice(12.5)).toThrow(RangeError);
  });

  it("says sizes, phones, codes, dates and times", () => {
    expect(speakSize(10, 15)).toBe("ten by fifteen");
    expect(speakSize(5, 10, "es")).toBe("cinco por diez");
    expect(speakPhone("+15105550123")).toBe("five one oh, five five five, oh one two three");
    expect(speakCode("k7m4")).toBe("K, 7, M, 4");
    expect(speakDate("2026-12-05")).toBe("Saturday, December 5th");
    expect(speakDate("2026-12-01")).toBe("Tuesday, December 1st");
    expect(speakDate("2026-12-05", "es")).toBe("sábado 5 de diciembre");
    expect(speakTime("09:00")).toBe("9 AM");
    expect(speakTime("17:30")).toBe("5:30 PM");
    expect(speakTime("12:00")).toBe("noon");
    expect(speakTime("18:00", "es")).toBe("6 de la tarde");
    expect(() => speakTime("25:00")).toThrow(RangeError);
  });

  it("rewrites a whole reply for a speech engine", () => {
    expect(
      toSpeakable(
        "A **10x15** is $129.00/month. Call (510) 555-0123. We open at 09:00 on 2026-12-05. Your confirmation code is K7M4.",
      ),
    ).toBe(
      "A ten by fifteen is one hundred twenty-nine dollars per month. Call five one oh, five five five, oh one two three. " +
        "We open at 9 AM on Saturday, December 5th. Your confirmation code is K, 7, M, 4.",
    );
    expect(toSpeakable("Un 10x10 cuesta $49 al mes.", "es")).toBe(
      "Un diez por diez cuesta cuarenta y nueve dólares al mes.",
    );
  });

  it("says street addresses the way people do: house number, street type, state and ZIP digit by digit", () => {
    expect(
      toSpeakable(
        "Lakeside Self Storage is at 1200 Lakeshore Dr, Austin, TX 78746. From Loop 1 take the Lake Austin Blvd exit.",
      ),
    ).toBe(
      "Lakeside Self Storage is at twelve hundred Lakeshore Drive, Austin, Texas, seven eight seven four six. From Loop 1 take the Lake Austin Boulevard exit.",
    );
    expect(toSpeakable("We're at 4205 N Main St. Suite 3, Oakland, CA 94610-1234.")).toBe(
      "We're at forty-two oh five N Main Street. Suite 3, Oakland, California, nine four six one oh one two three four.",
    );
    expect(toSpeakable("Estamos en 1200 Lakeshore Dr, Austin, TX 78746.", "es")).toBe(
      "Estamos en 1200 Lakeshore Drive, Austin, Texas, siete ocho siete cuatro seis.",
    );
    expect(speakHouseNumber("450")).toBe("four fifty");
    expect(speakHouseNumber("1005")).toBe("one thousand five");
    // Not addresses: left alone.
    expect(toSpeakable("Units 100 to 120 are on the first floor. Bring ID.")).toBe(
      "Units 100 to 120 are on the first floor. Bring ID.",
    );
  });

  it("reads an E.164 number in digit groups", () => {
    expect(toSpeakable("For help, call +15125550100.")).toBe(
      "For help, call five one two, five five five, oh one oh oh.",
    );
  });
});

describe("formatForSms", () => {
  it("strips markdown and keeps links as plain text", () => {
    expect(formatForSms("## Hours\n- **Mon-Fri**: 9-6\n\n\nSee [our site](https://example.com/a).")).toBe(
      "Hours\nMon-Fri: 9-6\nSee our site: https://example.com/a.",
    );
  });

  it("cuts long replies at a sentence, never past the limit", () => {
    const long = "Your unit is ready. ".repeat(40);
    const out = formatForSms(long, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(out.endsWith(".")).toBe(true);
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), fc.integer({ min: 20, max: 300 }), (s, max) => {
        expect(formatForSms(s, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});
