import { describe, expect, it } from "vitest";

import { classifyKeyword, helpReply } from "./keywords";

describe("SMS keywords", () => {
  it.each(["STOP", "stop", " Stop. ", "STOPALL", "unsubscribe", "END", "quit", "Cancel", "REVOKE", "OPTOUT"])(
    "%s opts out",
    (body) => {
      expect(classifyKeyword(body)?.kind).toBe("opt_out");
    },
  );
  it.each(["START", "unstop", "Yes", "yes!"])("%s opts in", (body) => {
    expect(classifyKeyword(body)?.kind).toBe("opt_in");
  });
  it.each(["HELP", "help", "INFO"])("%s asks for help", (body) => {
    expect(classifyKeyword(body)?.kind).toBe("help");
  });
  it.each(["stop by tomorrow?", "yes I want a unit", "I need help with my gate code", "", "cancel my reservation"])(
    "%j is an ordinary text",
    (body) => {
      expect(classifyKeyword(body)).toBeNull();
    },
  );
  it("trusts Twilio's OptOutType", () => {
    expect(classifyKeyword("arrêter", "STOP")?.kind).toBe("opt_out");
    expect(classifyKeyword("whatever", "HELP")?.kind).toBe("help");
  });
  it("HELP names the organization and a way to reach a person", () => {
    expect(
      helpReply({
        organizationName: "Acme Storage",
        facilityName: "Main St",
        contact: null,
        ourNumber: "+14155550123",
      }),
    ).toBe(
      "Acme Storage (Main St): for help, call or text (415) 555-0123. Msg & data rates may apply. Reply STOP to opt out.",
    );
    expect(
      helpReply({ organizationName: "Acme Storage", contact: "call 555-0100", ourNumber: "+14155550123" }),
    ).toContain("for help, call 555-0100.");
    // The facility's phone arrives as E.164.
    expect(
      helpReply({ organizationName: "Acme Storage", contact: "call +15125550100", ourNumber: "+14155550123" }),
    ).toContain("for help, call (512) 555-0100.");
  });
});
