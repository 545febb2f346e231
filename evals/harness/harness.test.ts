import { describe, expect, it } from "vitest";

import { answerKey, SimulatedCaller } from "./caller";
import { amountsIn, factIn, wordsToNumber } from "./facts";
import { ZScenario } from "./format";
import { parseScenarioFile } from "./load";
import { sayEmail, sayPhone, sayUnitSize } from "./speech-style";

describe("fact matching", () => {
  it("finds prices written and spoken", () => {
    expect(amountsIn("A 10x10 is $159/mo, $42.32 due")).toEqual([15900, 4232]);
    expect(amountsIn("one hundred fifty-nine dollars per month")).toEqual([15900]);
    expect(amountsIn("twelve dollars and fifty cents")).toEqual([1250]);
    expect(amountsIn("cuesta 135 dólares")).toEqual([13500]);
    expect(amountsIn("coverage of $2,000")).toEqual([200000]);
    expect(wordsToNumber("two thousand")).toBe(2000);
    expect(factIn({ price: 15900 }, "It's $139/mo")).toBe(false);
  });

  it("finds times, dates and phones in any usual form", () => {
    expect(factIn({ time: "09:00" }, "Monday to Friday 9 AM to 6 PM")).toBe(true);
    expect(factIn({ time: "18:00" }, "Monday to Friday 9 AM to 6 PM")).toBe(true);
    expect(factIn({ time: "09:00" }, "de 9:00 a 18:00")).toBe(true);
    expect(factIn({ time: "08:30" }, "8:30 AM to 5:30 PM")).toBe(true);
    expect(factIn({ time: "09:00" }, "19:00")).toBe(false);
    expect(factIn({ time: "16:00" }, "6 PM")).toBe(false);
    expect(factIn({ date: "2026-06-12" }, "moving in Friday, June 12th")).toBe(true);
    expect(factIn({ date: "2026-06-12" }, "el viernes 12 de junio")).toBe(true);
    expect(factIn({ date: "2026-06-12" }, "June 1st")).toBe(false);
    expect(factIn({ phone: "+15125550199" }, "call (512) 555-0199")).toBe(true);
    expect(factIn({ phone: "+15125550199" }, "five one two, five five five, oh one nine nine")).toBe(true);
    expect(factIn({ digits: "4821" }, "code is 4, 8, 2, 1")).toBe(true);
    expect(factIn({ digits: "4821" }, "code 148215")).toBe(false);
    expect(factIn({ anyOf: [{ text: "nope" }, { pattern: "clos(ed|ing)" }] }, "We're closed")).toBe(true);
  });
});

describe("speech-style answers", () => {
  it("says sizes, phones and e-mails the way a recogniser writes them", () => {
    expect(sayUnitSize("10x15")).toBe("ten by fifteen");
    expect(sayUnitSize("5x10", "es")).toBe("cinco por diez");
    expect(sayPhone("+15125550142")).toBe("five one two five five five zero one four two");
    expect(sayEmail("j.doe@gmail.com")).toBe("j dot d o e at gmail dot com");
    expect(sayEmail("ana@mail.mx", "es")).toBe("a n a arroba mail punto mx");
  });
});

const base = {
  id: "x",
  title: "t",
  fixture: "two-facilities.json",
  clock: "2026-06-09T16:00:00Z",
  says: ["hi"],
  expect: {},
};

describe("simulated caller", () => {
  it("answers what the agent expects from its facts and prefers a question over a stale offer", () => {
    const s = ZScenario.parse({
      ...base,
      caller: { name: "Dana Lee", phone: "+15125550142", size: "10x10", fillers: false },
      says: ["hi", "what are your hours"],
    });
    const c = new SimulatedCaller(s, {});
    expect(c.opening()).toBe("hi");
    const st = (over: object) =>
      ({
        expecting: null,
        offer: null,
        verification: { verified: false, attempts: 0 },
        slots: {},
        callerId: "+15125550142",
        flow: null,
        ...over,
      }) as never;
    expect(c.next({ state: st({ expecting: "size" }) })?.text).toBe("ten by ten");
    expect(c.next({ state: st({ expecting: "phone", slots: { phoneFromCallerId: true } }) })?.text).toMatch(/^y/);
    expect(answerKey(st({ expecting: "anything_else", offer: "reserve" }))).toBe("anything_else");
    expect(c.next({ state: st({ expecting: "anything_else" }) })?.text).toBe("what are your hours");
    expect(c.next({ state: st({ expecting: "anything_else" }) })?.why).toBe("closing");
    expect(c.next({ state: st({ expecting: "anything_else" }) })).toBeNull();
  });
});

describe("scenario files", () => {
  it("reject unknown keys, bad answer keys and missing fixtures with the file and scenario named", () => {
    expect(() =>
      parseScenarioFile(
        "/x.yaml",
        "id: a\ntitle: t\nfixture: two-facilities.json\nclock: '2026-06-09T16:00:00Z'\nsays: [hi]\nexpect: { sayz: [] }\n",
      ),
    ).toThrow(/x\.yaml: a: .*sayz/s);
    expect(() =>
      parseScenarioFile(
        "/x.yaml",
        "id: a\ntitle: t\nfixture: two-facilities.json\nclock: '2026-06-09T16:00:00Z'\nsays: [hi]\nanswers: { nmae: bob }\nexpect: {}\n",
      ),
    ).toThrow(/unknown answer key "nmae"/);
    expect(() =>
      parseScenarioFile(
        "/x.yaml",
        "id: a\ntitle: t\nfixture: nope.json\nclock: '2026-06-09T16:00:00Z'\nsays: [hi]\nexpect: {}\n",
      ),
    ).toThrow(/does not exist/);
    expect(() =>
      parseScenarioFile(
        "/x.yaml",
        "id: a\ntitle: t\nfixture: two-facilities.json\nclock: '2026-06-09T16:00:00Z'\nsays: [hi]\nexpect: { says: [{ price: 100, text: x }] }\n",
      ),
    ).toThrow(/exactly one/);
  });

  it("merge file defaults into each scenario", () => {
    const [a] = parseScenarioFile(
      "/x.yaml",
      "defaults: { fixture: two-facilities.json, clock: '2026-06-09T16:00:00Z', caller: { phone: '+15125550142' }, expect: { end: goodbye } }\nscenarios:\n  - { id: a, title: t, says: [hi], caller: { name: Bo }, expect: { says: [{ text: hi }] } }\n",
    );
    expect(a).toMatchObject({
      caller: { phone: "+15125550142", name: "Bo" },
      expect: { end: "goodbye", says: [{ text: "hi" }] },
    });
  });
});
