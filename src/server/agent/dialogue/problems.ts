/**
 * A problem the caller reports at the facility: an emergency or a maintenance problem.
 *
 * Emergencies are life-safety or crime-in-progress situations (fire, smoke, flooding or water pouring
 * in, someone hurt or trapped, a break-in or theft happening or just found: "someone broke into my
 * unit", "my lock was cut", "my unit was robbed") and legal threats. They go to a person at once, or
 * become an urgent message when nobody is in (person-flow.ts `emergency`).
 *
 * A maintenance problem (a broken or stuck lock, a gate or door that won't open, a light out, a leak
 * spotted) is not an emergency: a person or a message is offered, and in a message it is the message,
 * marked urgent for the staff. The words decide, in this order: an emergency word wins (a leak
 * soaking the caller's things, a lock that *was* broken or cut); then a maintenance problem, even
 * when the classifier heard an emergency (its corpus has leaks and broken locks among them); then
 * the classifier's emergency ("you sold my stuff illegally").
 */
import type { Understanding } from "./understand";

export type Problem = "emergency" | "maintenance";

/** Lower case without accents, so one pattern reads "forzó" and "forzo". */
const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[’`]/g, "'");

const alt = (parts: string[]) => new RegExp(`\\b(?:${parts.join("|")})\\b`);

const EMERGENCY = alt([
  // A break-in, a theft or tampering, happening or just found.
  "break[- ]?ins?",
  "broken into",
  "broke into",
  "breaking (?:in|into|locks?|the locks?)",
  "(?:some(?:one|body)|they|people|a guy|a man|a woman|somebody) (?:broke|cut|smashed|pried|busted|forced|stole|took|is trying to break|was trying to break|tried to break)",
  "robbed",
  "robbery",
  "robbing",
  "robbers?",
  "stolen",
  "stole",
  "theft",
  "thief",
  "thieves",
  "burglar\\w*",
  "tamper\\w*",
  "pried (?:open|off)",
  "forced (?:open|in|into|my|the)",
  // "My lock is broken" is a lock out of order; one that *was* broken, or is cut or gone, was done to it.
  "(?:lock|padlock|locks) (?:was|were|got|has been|have been|been|is|are|'s) (?:cut|gone|missing|removed|smashed|pried|broken off|cut off|busted off)",
  "(?:lock|padlock|locks) (?:was|were|got|has been|have been|been) (?:broken|busted)",
  "cut (?:my|the|our|a|his|her|their) (?:lock|padlock)",
  "lock cut",
  "(?:stuff|things|belongings|items|everything) (?:is|are|was|were|'s) (?:missing|gone)",
  "suspicious",
  // Fire, smoke, gas, water pouring in.
  "fire",
  "on fire",
  "smoke",
  "flames?",
  "burning",
  "gas (?:smell|leak)",
  "smell(?:s|ing)? (?:of |like )?gas",
  "carbon monoxide",
  "flood\\w*",
  "(?:water|it) (?:is |'s |are )?(?:pouring|gushing|rushing|coming in|everywhere)",
  "pouring (?:in|into|through)",
  "burst (?:pipe|water)",
  "pipe burst",
  "(?:leak\\w*|dripping|pouring|water) (?:all over|onto|into|on|in) (?:my|our|his|her|their) (?:stuff|things|belongings|boxes|furniture|unit)",
  // Someone hurt or trapped.
  "injur\\w*",
  "hurt",
  "bleeding",
  "ambulance",
  "unconscious",
  "passed out",
  "not breathing",
  "can'?t breathe",
  "hit by a car",
  "trapped",
  "(?:i'?m|i am|we'?re|we are|(?:some|any)(?:one|body)(?: is|'s)?|he'?s|she'?s|they'?re|he is|she is|they are|got|get|been) (?:locked|shut) (?:in|inside)",
  "(?:stuck|locked|shut) (?:in|inside) (?:the|my|a|an|our|his|her|their|one of the) (?:units?|elevator|lift|building|storage|hallway|room|container)(?! ?(?:door|lock|latch|gate))",
  "my (?:kid|child|baby|son|daughter|dog|cat|pet|wife|husband|mom|dad|mother|father) (?:is |'s )?(?:still )?(?:stuck |locked |trapped |shut )?(?:inside|in there|in the unit)",
  "police",
  "911",
  "nine one one",
  "emergency",
  // Legal threats.
  "lawyer",
  "attorney",
  "sue",
  "suing",
  "lawsuit",
  "legal action",
  "(?:take|taking) (?:you|this|them) to court",
  // Spanish.
  "emergencia",
  "incendio",
  "fuego",
  "humo",
  "inund\\w+",
  "(?:esta )?entrando (?:el |mucha )?agua",
  "agua (?:esta )?entrando",
  "herid[oa]s?",
  "lastim\\w+",
  "sangr\\w+",
  "ambulancia",
  "policia",
  "robo",
  "robaron",
  "robad[oa]s?",
  "ladron(?:es)?",
  "forz\\w+",
  "(?:rompieron|cortaron|quitaron|violaron) (?:el|la|mi|los|las|mis) (?:candados?|cerraduras?|chapas?|puertas?)",
  "(?:candado|cerradura|chapa) (?:esta |fue )?(?:cortad[oa]|forzad[oa]|violad[oa])",
  "(?:se|me|nos) (?:metieron|entraron)",
  "entraron a (?:mi|la|nuestra)",
  "atrapad[oa]s?",
  "encerrad[oa]s?",
  "abogad[oa]s?",
  "demand(?:a|ar|are|o)",
]);

/** What can be out of order at a facility. */
const THING =
  "locks?|padlocks?|latch(?:es)?|gates?|keypads?|key ?pad|doors?|roll[- ]?up|elevators?|lift|carts?|doll(?:y|ies)|keys?|a/?c|air condition\\w*|heat(?:er|ing)?|climate control|toilets?|bathroom|restroom|sink|outlets?|intercom|call ?box|cerraduras?|candados?|chapas?|puertas?|porton(?:es)?|rejas?|teclado|elevador|llaves?|carritos?|bano";

/** What is wrong with it. */
const WRONG =
  "broken|broke|busted|stuck|sticking|sticks|jammed|jams|bent|damaged|dead|frozen|messed up|acting up|malfunction\\w*|not (?:working|opening|closing|locking|unlocking|moving|turning|responding)|(?:won'?t|wont|will not|doesn'?t|does not|can'?t|cannot|isn'?t|is not|aren'?t|are not|didn'?t|did not) (?:open|close|lock|unlock|work|working|budge|move|turn|go up|come down|roll up|opening|closing|responding)|rot[oa]s?|descompuest[oa]s?|atascad[oa]s?|trabad[oa]s?|atorad[oa]s?|danad[oa]s?|no (?:abre|cierra|funciona|funcionan|sirve|sirven|gira|se abre|se cierra|quiere abrir|quiere cerrar)|se (?:rompio|atoro|trabo|atasco|descompuso)";

const LIGHT = "lights?|lighting|bulbs?|power|electricity|luz|luces|focos?";
const LIGHT_OUT =
  "(?:is|are|'re|'s|went|were|all|burn(?:ed|t)|keeps? going|keep going|(?:has|have|'s|'ve)? ?been|(?:is|are) still|stays?) (?:out|off)|flickering|not (?:working|on|coming on|turning on)|(?:won'?t|doesn'?t|don'?t|will not|does not|do not) (?:work|come on|turn on)|apagad[oa]s?|fundid[oa]s?|no (?:prende|prenden|enciende|encienden|sirve|sirven|funciona|funcionan)|se (?:fundio|fundieron|apago|apagaron)";

const MAINTENANCE = new RegExp(
  [
    // "the lock on 204 is broken", "the gate won't open", "la cerradura está rota"
    `\\b(?:${THING})\\b[^.?!;]{0,40}?\\b(?:${WRONG})\\b`,
    // "a broken lock", "there's a stuck door", "no abre el portón", "se rompió el candado"
    `\\b(?:${WRONG})\\b[^.?!;]{0,20}?\\b(?:${THING})\\b`,
    // "my unit won't open", "la bodega no abre"
    "\\b(?:unit|storage|bodega|unidad)\\b (?:(?:won'?t|doesn'?t|will not|does not|isn'?t|is not) (?:open|close|lock|unlock|opening|closing)|no (?:abre|cierra|se abre|se cierra))\\b",
    // "the light in hallway b is out", "la luz del pasillo no prende", "burnt out bulb"
    `\\b(?:${LIGHT})\\b[^.?!;]{0,40}?\\b(?:${LIGHT_OUT})\\b`,
    `\\b(?:burn(?:ed|t) out|flickering|broken)\\b[^.?!;]{0,10}?\\b(?:${LIGHT})\\b`,
    // "there's a leak in the roof", "hay una gotera"
    "\\b(?:leak\\w*|dripping|drips?|gotera\\w*|gotea\\w*|fuga de agua)\\b",
  ].join("|"),
);

/** "The gate doesn't open until 6", "no abre los domingos": the hours, not a gate out of order. */
const HOURS_NOT_A_FAULT =
  /\b(?:open|opens|opening|close|closes|closing|abre|cierra)\b[^.?!;]{0,15}?\b(?:until|till|til|before \d|after \d|at \d|on (?:sun|sat|mon|tue|wed|thu|fri)\w*|on weekends?|on holidays?|at night|hasta|antes de|los (?:domingos|sabados|fines))/;

/** "My gate code isn't working": the code's flow (verify, then give it), not the gate's. */
const ABOUT_THE_CODE = /\b(?:code|codes|pin|passcode|codigo|clave)\b/;

export function isMaintenanceText(text: string): boolean {
  const t = fold(text);
  return MAINTENANCE.test(t) && !HOURS_NOT_A_FAULT.test(t);
}

export function isEmergencyText(text: string): boolean {
  return EMERGENCY.test(fold(text));
}

/** The problem an utterance reports, if any: an emergency word, then a maintenance problem, then the classifier. */
export function problemIn(utterance: Pick<Understanding, "text" | "intent">): Problem | null {
  if (isEmergencyText(utterance.text)) return "emergency";
  if (isMaintenanceText(utterance.text)) return "maintenance";
  return utterance.intent === "emergency" ? "emergency" : null;
}

/** A maintenance problem the gate code's flow would not help with. */
export function isMaintenanceNotCode(utterance: Pick<Understanding, "text" | "intent">): boolean {
  return problemIn(utterance) === "maintenance" && !ABOUT_THE_CODE.test(fold(utterance.text));
}
