/** English or Spanish, from function words and storage vocabulary. English is the default. */
import { contentTokens } from "@/server/agent/voice/normalize";

import type { Language } from "./types";

const ES = new Set(
  (
    "hola buenos buenas dias tardes noches gracias por favor quiero necesito tiene tienen hay cuanto cuesta cuestan precio " +
    "bodega bodegas unidad unidades almacenamiento renta rentar reservar reservacion cancelar pagar pago codigo puerta porton " +
    "donde esta estan queda direccion horario abren cierran hoy manana sabado domingo lunes martes miercoles jueves viernes " +
    "el la los las de del que con para una uno mi mis su es soy llamo nombre numero correo si no pero como cual cuando " +
    "habla hablar espanol persona alguien seguro mensaje ayuda tamano pequena grande diez cinco quince veinte por favor " +
    "senor senora claro bueno muy tengo puedo quisiera mudanza cajas carro"
  ).split(" "),
);
const EN = new Set(
  (
    "the a an and is are do does you your i my me we what how much many where when can could would need want have " +
    "unit units storage price hello hi thanks thank yes yeah to for of it this that with on at in please size available " +
    "reserve rent hours gate code open close address today tomorrow name number email"
  ).split(" "),
);
/** Words spelled the same in both languages say nothing. */
const SHARED = new Set(["no", "a", "de", "me", "si", "hotel", "plan", "total"]);

export function detectLanguage(text: string): { language: Language; confidence: number } {
  const words = contentTokens(text).map((t) => t.text);
  let es = 0;
  let en = 0;
  for (const w of words) {
    if (SHARED.has(w)) continue;
    if (ES.has(w)) es++;
    if (EN.has(w)) en++;
  }
  // Accented letters and ¿¡ only occur in Spanish here.
  if (/[ñ¿¡]|ción\b/i.test(text)) es += 2;
  if (es > en && es >= 1) return { language: "es", confidence: es / (es + en) };
  return { language: "en", confidence: en + es === 0 ? 0.5 : en / (es + en) };
}
