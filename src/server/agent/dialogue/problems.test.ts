import { describe, expect, it } from "vitest";

import { classify } from "@/server/agent/nlu";

import { isMaintenanceNotCode, problemIn } from "./problems";

/** As the policy sees it: the words with the classifier's intent. */
const problem = (text: string) => problemIn({ text, intent: classify(text).intent });

describe("emergencies and maintenance problems", () => {
  it("keeps life safety, crime and legal threats emergencies, whatever the classifier heard", () => {
    for (const text of [
      "someone broke into my unit the lock is cut",
      "i just got here and my lock was cut",
      "someone cut my lock last night",
      "my lock was broken",
      "my unit was robbed",
      "my lock is gone and my things are missing",
      "there's smoke coming out of one of the units i think there's a fire",
      "there is water flooding into my unit right now",
      "water is pouring into my unit",
      "the roof is leaking all over my stuff",
      "there's a burst pipe in the hallway",
      "i fell on the ramp and hurt my leg pretty bad",
      "i'm trapped in my unit",
      "i got locked inside the building",
      "my son is stuck in the elevator",
      "there's a gas smell in the hallway",
      "there's a suspicious person at the gate",
      "you auctioned my stuff without telling me, my lawyer will be calling you",
      "you sold my stuff illegally",
      "alguien forzó mi unidad",
      "me robaron",
      "rompieron el candado de mi bodega",
      "se metieron a mi bodega",
      "hay un incendio",
      "la bodega se está inundando",
    ])
      expect(problem(text), text).toBe("emergency");
  });

  it("takes something out of order for a maintenance problem, even when the classifier heard an emergency", () => {
    for (const text of [
      "tell her the lock on 204 is broken",
      "my lock is broken",
      "my lock is stuck",
      "the gate won't open",
      "the gate isn't opening",
      "the gate is broke again",
      "the keypad isn't working",
      "my roll up door is jammed",
      "my unit door won't close",
      "my key won't turn in the lock",
      "the light in hallway b is out",
      "the lights in building c are out",
      "the light in hallway b has been out for a week",
      "the lights by the gate are still off",
      "the elevator is broken",
      "there's a leak in the roof above unit 12",
      "the roof is leaking",
      "la cerradura está rota",
      "el portón no abre",
      "se rompió el candado",
      "la luz del pasillo no prende",
      "hay una gotera en el techo",
    ])
      expect(problem(text), text).toBe("maintenance");
  });

  it("finds no problem in questions about hours, smoking or a lock to buy", () => {
    for (const text of [
      "what time does the gate close",
      "the gate doesn't open until 6",
      "does the gate open on sundays",
      "do you allow smoking",
      "i'm stuck in traffic",
      "do you sell locks",
      "can i leave a message",
      "how much is a ten by ten",
    ])
      expect(problem(text), text).toBeNull();
  });

  it("leaves a code that does not work to the gate code's flow", () => {
    const u = (text: string) => ({ text, intent: classify(text).intent });
    expect(isMaintenanceNotCode(u("my gate code isn't working"))).toBe(false);
    expect(isMaintenanceNotCode(u("mi código del portón no funciona"))).toBe(false);
    expect(isMaintenanceNotCode(u("the keypad isn't working"))).toBe(true);
  });
});
