import { describe, expect, it } from "vitest";

import { amenityIn } from "./amenity-names";

describe("amenityIn", () => {
  it("gives the usual amenities their Spanish name, however the operator wrote them", () => {
    expect(amenityIn("24-hour access", "es")).toEqual({ text: "acceso las 24 horas", language: "es" });
    expect(amenityIn("24/7 Access", "es")).toEqual({ text: "acceso las 24 horas", language: "es" });
    expect(amenityIn("Climate control", "es")).toEqual({ text: "unidades con clima controlado", language: "es" });
    expect(amenityIn("Wi-Fi", "es")).toEqual({ text: "wifi", language: "es" });
    expect(amenityIn("RV & Boat Parking", "es")).toEqual({ text: "estacionamiento para RV y botes", language: "es" });
    expect(amenityIn("gated access", "es")).toEqual({ text: "acceso con portón", language: "es" });
  });

  it("keeps any other amenity as written, marked English, and says English callers' as written", () => {
    expect(amenityIn("Arlo smart cameras", "es")).toEqual({ text: "Arlo smart cameras", language: "en" });
    expect(amenityIn("24-hour access", "en")).toEqual({ text: "24-hour access", language: "en" });
  });
});
