import { describe, expect, it } from "vitest";

import { asksStaffOnSite } from "./info-answers";

describe("asksStaffOnSite", () => {
  it("hears a question about staff being there", () => {
    for (const text of [
      "is there a manager on site",
      "is someone there at the facility",
      "is anyone on site right now",
      "is there usually someone in the office",
      "is the manager there today",
      "do you have an on site manager",
      "is the office staffed",
      "will there be someone at the office when i move in",
      "¿hay alguien en la oficina?",
      "¿hay un encargado en el lugar?",
    ])
      expect(asksStaffOnSite(text), text).toBe(true);
  });

  it("leaves a request for a person, and a caller checking the line, to their own flows", () => {
    for (const text of [
      "can i talk to the manager on site",
      "i want to speak to someone in the office",
      "hello is anyone there",
      "are you there",
      "quiero hablar con alguien de la oficina",
      "what are your office hours",
    ])
      expect(asksStaffOnSite(text), text).toBe(false);
  });
});
