/**
 * Amenities are free text the operator writes in English ("gated access", "24-hour access",
 * "climate control"). The usual ones have a fixed Spanish name here, said to a Spanish caller in a
 * Spanish sentence ("Sí, tenemos acceso con portón y videovigilancia."); any other is returned as
 * English, which the caller hears after a lead-in (dialogue/say.ts operatorWords).
 */
import type { OperatorText, TextLanguage } from "./operator-text";

/** Keys as `amenityKey` writes them: lower case, hyphens and slashes as spaces, "&" as "and". */
const SPANISH: Record<string, string> = {
  "24 hour access": "acceso las 24 horas",
  "24 hr access": "acceso las 24 horas",
  "24 7 access": "acceso las 24 horas",
  "24 hour gate access": "acceso las 24 horas",
  "access 24 7": "acceso las 24 horas",
  "extended access hours": "horario de acceso extendido",
  "climate control": "unidades con clima controlado",
  "climate controlled": "unidades con clima controlado",
  "climate controlled units": "unidades con clima controlado",
  "climate controlled storage": "unidades con clima controlado",
  "temperature controlled units": "unidades con temperatura controlada",
  "drive up access": "unidades con acceso en auto",
  "drive up units": "unidades con acceso en auto",
  wifi: "wifi",
  "wi fi": "wifi",
  "free wifi": "wifi gratis",
  "free wi fi": "wifi gratis",
  gated: "acceso con portón",
  "gated access": "acceso con portón",
  "gated entry": "acceso con portón",
  "security gate": "portón de seguridad",
  "electronic gate": "portón electrónico",
  "electronic gate access": "portón electrónico",
  "computerized gate access": "portón electrónico",
  "keypad access": "acceso con código",
  "keypad entry": "acceso con código",
  "keypad gate access": "portón con código de acceso",
  fenced: "cerca perimetral",
  "fenced in": "cerca perimetral",
  "fenced perimeter": "cerca perimetral",
  "perimeter fence": "cerca perimetral",
  "fully fenced": "cerca perimetral",
  cameras: "cámaras de seguridad",
  "security cameras": "cámaras de seguridad",
  "surveillance cameras": "cámaras de seguridad",
  cctv: "cámaras de seguridad",
  "video surveillance": "videovigilancia",
  "video monitoring": "videovigilancia",
  "24 hour video surveillance": "videovigilancia las 24 horas",
  "24 7 video surveillance": "videovigilancia las 24 horas",
  monitored: "vigilancia",
  security: "seguridad",
  "security guard": "guardia de seguridad",
  "on site security": "seguridad en el lugar",
  "on site manager": "gerente en el lugar",
  "resident manager": "gerente que vive en el lugar",
  "on site staff": "personal en el lugar",
  alarms: "alarmas",
  alarmed: "alarmas",
  "alarmed units": "alarmas en las unidades",
  "alarm system": "sistema de alarma",
  "door alarms": "alarmas en las puertas",
  "individual door alarms": "alarma en cada puerta",
  lit: "buena iluminación",
  "well lit": "buena iluminación",
  "well lit property": "buena iluminación",
  lighting: "buena iluminación",
  "bright lighting": "buena iluminación",
  "moving truck rental": "renta de camiones de mudanza",
  "truck rental": "renta de camiones de mudanza",
  "truck rentals": "renta de camiones de mudanza",
  "moving trucks": "renta de camiones de mudanza",
  boxes: "cajas",
  "boxes and supplies": "cajas y artículos de mudanza",
  "boxes and moving supplies": "cajas y artículos de mudanza",
  "moving supplies": "artículos de mudanza",
  "packing supplies": "artículos para empacar",
  locks: "candados",
  "locks for sale": "venta de candados",
  carts: "carritos",
  "moving carts": "carritos de mudanza",
  "free moving carts": "carritos de mudanza gratis",
  "carts and dollies": "carritos y diablitos",
  dollies: "diablitos",
  "hand trucks": "diablitos",
  elevator: "elevador",
  elevators: "elevadores",
  "elevator access": "acceso con elevador",
  "freight elevator": "montacargas",
  "loading dock": "andén de carga",
  "covered loading area": "área de carga techada",
  restroom: "baños",
  restrooms: "baños",
  "public restrooms": "baños",
  "rv parking": "estacionamiento para RV",
  "boat parking": "estacionamiento para botes",
  "rv and boat parking": "estacionamiento para RV y botes",
  "vehicle parking": "estacionamiento para vehículos",
  "online payments": "pago en línea",
  "online bill pay": "pago en línea",
  "pay online": "pago en línea",
  "online rentals": "renta en línea",
  "package acceptance": "recepción de paquetes",
  "pest control": "control de plagas",
  "ground floor units": "unidades en planta baja",
  "indoor units": "unidades interiores",
};

export function amenityKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[-_/]/g, " ")
    .replace(/[^a-z0-9 ]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** An amenity in the conversation's language: its Spanish name when it has one, else as written (English). */
export function amenityIn(name: string, language: TextLanguage): OperatorText {
  const spanish = language === "es" ? SPANISH[amenityKey(name)] : undefined;
  return spanish ? { text: spanish, language: "es" } : { text: name, language: "en" };
}
