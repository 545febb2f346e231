/**
 * "Do you have cameras?", "is it gated?", "do you sell boxes?": answered from the facility's
 * amenities, its knowledge base and its unit types, and "not on file" when none of them says.
 * The seeded facility lists "gated", "cameras" and "carts" and sells boxes (its knowledge base).
 */
import { describe, expect, it } from "vitest";
import { callNewFacility } from "./call";

async function ask(text: string) {
  const { turn } = await callNewFacility();
  return turn(text);
}

describe("agent: amenities", () => {
  it.each([
    ["do you have cameras?", "Yes, we have cameras."],
    ["is it gated?", "Yes, the facility is gated."],
    ["do you have carts I can use", "Yes, we have carts."],
    ["is it secure?", "Yes, we have cameras, and the facility is gated."],
    ["do you sell boxes?", "Yes, the office sells boxes, tape and locks."],
  ])("%s is answered from the facility's data", async (text, reply) => {
    const r = await ask(text);
    expect(r.reply).toBe(`${reply} Anything else I can help with?`);
  });

  it("an amenity the facility does not list is not on file, and a person is offered", async () => {
    const r = await ask("do you guys rent moving trucks");
    expect(r.reply).toBe(
      "I don't have anything on file about truck rental here. Would you like me to connect you with someone at the office?",
    );
    expect(r.state.offer).toBe("transfer");
  });

  it("what units come with is read from the unit types, and the size is asked next", async () => {
    const climate = await ask("is there climate control");
    expect(climate.reply).toBe("Yes, we have climate-controlled units, in 10x10. What size are you looking for?");
    expect(climate.state.slots.features).toEqual(["climate_controlled"]);
    const driveUp = await ask("do you have drive up units?");
    expect(driveUp.reply).toMatch(/^Yes, we have drive-up units, in 10x20\./);
  });

  it("boxes a caller stores are not boxes for sale", async () => {
    const r = await ask("how much for a unit for boxes");
    expect(r.reply).not.toMatch(/sells boxes/);
  });

  it("in Spanish, with the amenity's Spanish name", async () => {
    const r = await ask("¿tienen cámaras de seguridad?");
    expect(r.reply).toMatch(/^Sí, tenemos cámaras de seguridad\./);
  });

  it("in Spanish, each amenity by its Spanish name, and one without a Spanish name in English after a lead-in", async () => {
    const { turn } = await callNewFacility({
      seed: { amenities: ["Gated access", "24/7 video surveillance", "Arlo smart cameras", "free Wi-Fi"] },
    });
    const security = await turn("¿tienen seguridad?");
    expect(security.reply).toBe(
      "Sí, tenemos acceso con portón y videovigilancia las 24 horas. Tengo esta información solo en inglés: Arlo smart cameras. ¿Algo más?",
    );
    const wifi = await turn("¿tienen wifi?");
    expect(wifi.reply).toBe("Sí, tenemos wifi gratis. ¿Algo más?");
  });
});
