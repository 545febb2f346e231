/**
 * What a caller stores, said as things rather than a home or a size ("need somewhere to put a couch
 * and like 10 boxes", "got a couch, a bed and some boxes", "un sofá y unas cajas"): the floor area it
 * takes, so the size is suggested the way a home's is, not asked for.
 *
 * Each thing counts its floor area in square feet with a little room around it (boxes stack, so ten
 * take about five); the total gets a quarter more for an aisle. A couch, a bed or a mattress is about
 * seven feet long, so it needs a unit ten feet deep (a 5x10 at least), whatever the total.
 */
import { parseNumberAt } from "@/server/agent/voice/number-words";

export interface Load {
  /** Square feet the things need. */
  area: number;
  /** What the caller named, for "For a couch and about 10 boxes, I'd suggest …". */
  words: [string, string];
}

interface Thing {
  re: RegExp;
  sqft: number;
  long?: boolean;
  en: [string, string];
  es: [string, string];
  /** Boxes and bins: many stack in little room. */
  stacks?: boolean;
}

const THINGS: Thing[] = [
  {
    re: /^(sectionals?|sectional couch(es)?|seccionales?)$/,
    sqft: 25,
    long: true,
    en: ["a sectional", "sectionals"],
    es: ["un sofá seccional", "sofás seccionales"],
  },
  {
    re: /^(couch(es)?|sofas?|sof[aá]s?|futons?|sillones?)$/,
    sqft: 14,
    long: true,
    en: ["a couch", "couches"],
    es: ["un sofá", "sofás"],
  },
  { re: /^(loveseats?|love seats?)$/, sqft: 10, en: ["a loveseat", "loveseats"], es: ["un love seat", "love seats"] },
  {
    re: /^(beds?|bedframes?|bed frames?|camas?)$/,
    sqft: 16,
    long: true,
    en: ["a bed", "beds"],
    es: ["una cama", "camas"],
  },
  {
    re: /^(mattress(es)?|colch[oó]n(es)?)$/,
    sqft: 14,
    long: true,
    en: ["a mattress", "mattresses"],
    es: ["un colchón", "colchones"],
  },
  // It goes under the mattress: it adds no floor area.
  { re: /^(box ?springs?|bases? de cama)$/, sqft: 0, en: ["a box spring", "box springs"], es: ["una base", "bases"] },
  {
    re: /^(dressers?|chest of drawers|c[oó]modas?|armarios?|roperos?)$/,
    sqft: 6,
    en: ["a dresser", "dressers"],
    es: ["una cómoda", "cómodas"],
  },
  {
    re: /^((dining |kitchen )?tables?|mesas?|comedor(es)?)$/,
    sqft: 12,
    en: ["a table", "tables"],
    es: ["una mesa", "mesas"],
  },
  {
    re: /^(coffee tables?|end tables?|night ?stands?|side tables?|bur[oó]s?)$/,
    sqft: 3,
    en: ["a small table", "small tables"],
    es: ["una mesita", "mesitas"],
  },
  { re: /^(chairs?|sillas?)$/, sqft: 3, en: ["a chair", "chairs"], es: ["una silla", "sillas"] },
  {
    re: /^(recliners?|arm ?chairs?|reclinables?)$/,
    sqft: 8,
    en: ["an armchair", "armchairs"],
    es: ["un sillón", "sillones"],
  },
  { re: /^(desks?|escritorios?)$/, sqft: 8, en: ["a desk", "desks"], es: ["un escritorio", "escritorios"] },
  {
    re: /^(tvs?|televisions?|tele(visi[oó]n|visores?)?)$/,
    sqft: 2,
    en: ["a TV", "TVs"],
    es: ["una tele", "teles"],
  },
  {
    re: /^(fridges?|refrigerators?|freezers?|refris?|refrigeradores?)$/,
    sqft: 6,
    en: ["a fridge", "fridges"],
    es: ["un refri", "refris"],
  },
  {
    re: /^(washers?|dryers?|washing machines?|lavadoras?|secadoras?)$/,
    sqft: 5,
    en: ["a washer or dryer", "a washer and dryer"],
    es: ["una lavadora o secadora", "lavadora y secadora"],
  },
  {
    re: /^(book ?shel(f|ves)|book ?cases?|shelving units?|libreros?)$/,
    sqft: 4,
    en: ["a bookshelf", "bookshelves"],
    es: ["un librero", "libreros"],
  },
  {
    re: /^(bikes?|bicycles?|bicicletas?)$/,
    sqft: 6,
    en: ["a bike", "bikes"],
    es: ["una bicicleta", "bicicletas"],
  },
  {
    re: /^(box(es)?|cajas?|bins?|totes?|tubs?)$/,
    sqft: 0.5,
    stacks: true,
    en: ["a box", "boxes"],
    es: ["una caja", "cajas"],
  },
];

/** How many, said before a thing without a number ("some boxes", "a bunch of boxes"). */
const VAGUE: [RegExp, number][] = [
  [/\b(a couple( of)?|couple|un par de)\s*$/, 2],
  [/\b(a few|few|several|unas cuantas|unos cuantos|algunas|algunos|varias|varios)\s*$/, 5],
  [/\b(a (whole )?(bunch|lot|ton|pile|load) of|lots of|tons of|loads of|many|muchas|muchos|un mont[oó]n de)\s*$/, 30],
];

/** A word after "bed" that makes it a home ("2 bed apartment"). */
const HOME_AFTER = /^(apartment|apt|house|home|place|condo|townhouse|flat|room|rooms|duplex)$/;

const norm = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9' ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/**
 * The things a caller said they store and the room they take, or null when they named none. Words
 * are read one or two at a time ("box spring", "dining table").
 */
export function describedLoad(text: string): Load | null {
  const words = norm(text).split(" ").filter(Boolean);
  const found: { thing: Thing; count: number; said: boolean }[] = [];
  for (let i = 0; i < words.length; i++) {
    let span = 0;
    let thing: Thing | undefined;
    for (const n of [3, 2, 1]) {
      if (i + n > words.length) continue;
      const phrase = words.slice(i, i + n).join(" ");
      thing = THINGS.find((t) => t.re.test(phrase));
      if (thing) {
        span = n;
        break;
      }
    }
    if (!thing) continue;
    const phrase = words.slice(i, i + span).join(" ");
    // "a 2 bed apartment" is a home (the size guide's), not two beds.
    if (HOME_AFTER.test(words[i + span] ?? "")) continue;
    // "10 boxes", "like ten boxes", "two beds", "a bed": the number said before it (a few words back).
    let count = 1;
    let said = false;
    for (let back = 1; back <= 3 && i - back >= 0; back++) {
      const n = parseNumberAt(words, i - back);
      if (n && !n.ordinal && i - back + n.consumed === i && n.value > 0 && n.value <= 500) {
        count = n.value;
        said = true;
        break;
      }
    }
    if (!said) {
      const before = words.slice(Math.max(0, i - 4), i).join(" ");
      const vague = VAGUE.find(([re]) => re.test(before));
      if (vague) count = vague[1];
      else if (thing.stacks && /s$/.test(phrase))
        count = 10; // "some boxes", "boxes"
      else if (/(es|s)$/.test(phrase) && !/ss$/.test(phrase)) count = 2;
    }
    found.push({ thing, count, said });
    i += span - 1;
  }
  if (!found.length) return null;
  let sqft = 0;
  for (const f of found) sqft += f.thing.sqft * f.count;
  let area = Math.ceil(sqft * 1.25);
  if (found.some((f) => f.thing.long)) area = Math.max(area, 50);
  const name = (f: (typeof found)[number], lang: 0 | 1) => {
    const [one, many] = lang === 0 ? f.thing.en : f.thing.es;
    if (f.count === 1) return one;
    if (f.said) return lang === 0 ? `${f.thing.stacks ? "about " : ""}${f.count} ${many}` : `${f.count} ${many}`;
    return lang === 0 ? (f.thing.stacks ? `some ${many}` : many) : many;
  };
  const join = (parts: string[], and: string) =>
    parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} ${and} ${parts.at(-1)}`;
  return {
    area,
    words: [
      join(
        found.map((f) => name(f, 0)),
        "and",
      ),
      join(
        found.map((f) => name(f, 1)),
        "y",
      ),
    ],
  };
}
