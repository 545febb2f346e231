/**
 * Knowledge-base retrieval for policy questions: BM25F over one facility's entries (question, tags
 * and answer fields, weighted), deterministic and model-free.
 *
 * - Terms: lower case, accents folded, a few phrases joined ("move out" → moveout), stop words and
 *   speech fillers dropped (English and Spanish), a light English stemmer, then a small bilingual
 *   concept table so "carro", "cars" and "vehicle" are one term and a Spanish question can find an
 *   English entry.
 * - Words every storage question uses (unit, storage, store, facility…) count a fifth of a word:
 *   "can I sublet my unit" must not find "vehicles are stored in drive-up units".
 * - A minimum: most of the question's words must be found in the entry (or the question must
 *   contain every word of the entry's own question), otherwise there is no match and the agent says
 *   it does not know and offers a person. No answer beats a wrong answer.
 * - Spanish: in a Spanish conversation an entry's Spanish question and answer (questionEs, answerEs,
 *   when the operator wrote them) are searched with its English ones, so "¿puedo vivir en mi
 *   bodega?" finds "Can I live in my unit?" through its "¿Puedo vivir en mi bodega?". English
 *   conversations search the English text only, as before.
 * - The index is built once per entry list: the list comes from the organization-config-version
 *   cache (FacilityFacts.knowledge), so the same array, and its index, serves every turn until an
 *   entry changes.
 */
import { classify } from "@/server/agent/nlu/classifier";

const STOP = new Set(
  // English function words and speech fillers.
  (
    "a an the and or but of to in on at for is are was were be been being am do does did done doing can could would will shall should may might must " +
    "i im i'm ive you your youre yours we our ours us me my mine it its this that these those there here with without have has had having " +
    "what whats how when where which who whom whose why if as by from into about than then so too very just also not no nor yes " +
    "please tell know let get got getting go going want wanted wanna gonna like um uh uhm umm er ah oh hi hello hey okay ok yeah yep " +
    "happen happens happened give before after alright fine well guys guy wondering wonder question ask asking say said thanks thank any anything some something all one ones much many more most " +
    "really actually maybe kind sort thing things way still again ever lot also he she they them their his her t s d ll re ve m " +
    // Spanish function words and fillers.
    "el la los las un una unos unas de del al y e o u en con por para que qué es son esta este estos estas eso esa ese hay " +
    "se su sus mi mis tu tus yo usted ustedes nos le les lo me te si sí pero como cómo cuando cuándo donde dónde cual cuál muy mas más " +
    "cuanto cuanta cuantos puedo puede pueden podemos podria quiero quisiera queria saber tengo tiene tienen tienes hola bueno pues oiga mire favor gracias algo"
  ).split(/\s+/),
);

/** Concepts: every word of a group (and its stem) becomes the group's first word. */
const CONCEPTS: string[] = [
  "unit units locker unidad unidades bodega bodegas cuarto",
  "store storage stored storing keep keeping leave leaving guardar dejar guardo almacenar almacenaje almacenamiento deposit",
  "facility facilities location instalacion instalaciones local",
  "stuff belongings cosas pertenencias",
  "item items article articulos objetos",
  // Trucks are vehicles: "store my truck" is the vehicle entry, "rent a moving truck" the rental one (by "rent").
  "vehicle vehicles car cars auto autos automobile carro carros coche coches vehiculo vehiculos motorcycle motorcycles moto motos truck trucks pickup camion camiones camioneta van vans",
  "boat boats bote botes lancha lanchas barco barcos jetski",
  "rv rvs camper campers motorhome motorhomes trailer trailers remolque remolques",
  "animal animals pet pets dog dogs cat cats mascota mascotas perro perros gato gatos animales plant plants",
  "food foods perishable perishables comida comidas alimento alimentos perecedero perecederos",
  "hazard hazardous flammable flammables gasoline gas propane explosive explosives chemical chemicals fireworks ammunition inflamable inflamables gasolina peligroso peligrosos quimicos explosivos",
  "rule rules allow allowed accept accepted aceptan aceptar aceptamos permit permitted prohibit prohibited forbidden restricted restriction restrictions ban banned prohibido prohibidos permitido permitidos permiten regla reglas",
  "sell sold sale sales buy buying purchase vender venden vende venta comprar compro",
  "supply supplies box boxes tape packing bubble wrap caja cajas cinta empaque suministros",
  "lock locks padlock candado candados cerradura",
  "pay paying paid payment payments pagar pago pagos abonar",
  "online internet website web linea portal app",
  "bill bills billing invoice statement factura recibo cuenta",
  "due vence vencimiento",
  "late tarde atrasado atraso retraso retrasado overdue",
  "fee fees charge charges penalty cargo cargos recargo recargos multa multas",
  "moveout vacate vacating desocupar desocupo desocupa desocupe desocupamos desocupando desalojar desalojo salirme",
  "movein mudarme mudanza mudar",
  "notice aviso avisar advance anticipacion",
  "id identification license licence identificacion licencia passport pasaporte document documents documentos",
  "require requirement requirements required need needs bring necesito necesita necesitan requisito requisitos traer",
  "insurance insured insure seguro aseguranza asegurado coverage",
  "sublet sublease subleasing subarrendar subarriendo subrentar subalquilar",
  "rent renting rental rentals rented lease borrow hire prestan alquilar alquiler rentar renta arrendar contrato",
  "clean sweep swept empty limpiar limpia barrer vaciar",
  "climate temperature heated cooled conditioned clima temperatura",
  "power electricity outlet outlets electric electricidad enchufe luz",
];

/** Phrases that mean one thing only together (applied before splitting, on folded text). */
const PHRASES: [RegExp, string][] = [
  [/\bmov(?:e|es|ed|ing)[\s-]+out\b|\bmov(?:e|es|ed|ing)[\s-]+(?:my stuff )?out\b/g, " moveout "],
  [/\bmov(?:e|es|ed|ing)[\s-]+in\b/g, " movein "],
  [/\ben linea\b/g, " online "],
  // "¿Qué cosas no puedo guardar?" is "what can't I store": the "no" (a stop word) is what it asks.
  [
    /\bno (?:se )?(?:puedo|puedes|puede|pueden|podemos|permite|permiten|debo|debes|debe|deben) (?:guardar|almacenar|dejar|meter|tener)\b/g,
    " cant store ",
  ],
  // "¿Cómo entrego mi bodega?", "¿cómo me salgo de la bodega?": handing the unit back is moving out.
  [
    /\bentreg(?:o|ar|arla|ue) (?:mi |la |el |su )?(?:bodega|unidad|almacen|cuarto|espacio)\b|\b(?:me salgo|salirme|salir) de (?:mi |la |el |su )?(?:bodega|unidad|almacen|cuarto|espacio)\b/g,
    " moveout ",
  ],
  // "Living things" are not "can I live in my unit".
  [/\bliving (?:things?|creatures?|beings?)\b/g, " livingthing "],
  [/\bpa(?:y|ying|id) (?:\w+ ){0,2}late\b|\blate payments?\b/g, " late "],
  // A grace period is how long before a late fee: the late-fee entry answers it.
  [/\bgrace period\b|\bper[ií]odo de gracia\b|\bd[ií]as de gracia\b/g, " late fee "],
  [/\bcasa rodante\b/g, " rv "],
  // Renting a moving truck is a service, not storing a vehicle: "trucks for rent" must not find the
  // vehicle-storage entry through "truck".
  [
    /\b(?:rent|rents|rented|renting|rental|hire|borrow|borrowing|get|getting|alquil\w*|rent\w*|prest\w*)\s+(?:(?:a|an|the|one|of|your|de|un|una)\s+)?(?:moving\s+|box\s+|de mudanza\s+)?(?:trucks?|vans?|camion(?:es)?|camionetas?)\b|\b(?:moving\s+|box\s+)?(?:trucks?|vans?)\s+(?:for\s+)?(?:rent|rental|rentals|hire)\b|\bmoving\s+(?:trucks?|vans?)\b|\bcamion(?:es)? de mudanza\b/g,
    " truckrental ",
  ],
];

const TRUCK_RENTAL = "truckrental";
const RENTAL_VEHICLE_WORDS = /\b(?:moving[\s-]+)?(?:trucks?|vans?|camion(?:es)?|camionetas?)\b/gi;

/** A light English stemmer (plurals, -ing, -ed, final e); Spanish words mostly meet the concept table first. */
export function stem(w: string): string {
  if (w.length <= 3) return w;
  let s = w;
  if (s.endsWith("ies") && s.length > 4) s = `${s.slice(0, -3)}y`;
  else if (/(ss|us|is)$/.test(s)) {
    /* keep: "address", "bus", "this" */
  } else if (/(x|z|ch|sh|sses)es$/.test(s)) s = s.slice(0, -2);
  else if (s.endsWith("s")) s = s.slice(0, -1);
  if (s.endsWith("ing") && s.length > 5) s = s.slice(0, -3);
  else if (s.endsWith("ed") && s.length > 4) s = s.slice(0, -2);
  if (/([bdfgkmnprt])\1$/.test(s)) s = s.slice(0, -1);
  if (s.endsWith("e") && s.length > 3) s = s.slice(0, -1);
  return s;
}

const fold = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/['’]/g, "");

const CONCEPT_OF = new Map<string, string>();
for (const group of CONCEPTS) {
  const [head, ...words] = group.split(" ");
  for (const w of [head!, ...words]) {
    CONCEPT_OF.set(w, head!);
    CONCEPT_OF.set(stem(w), head!);
  }
}

/** The search terms of a text, in order (repeats kept: field frequencies count them). */
export function terms(text: string): string[] {
  let t = fold(text);
  for (const [re, to] of PHRASES) t = t.replace(re, to);
  const out: string[] = [];
  for (const w of t.split(/[^a-z0-9]+/)) {
    if (!w || STOP.has(w) || (w.length < 2 && !/\d/.test(w))) continue;
    const concept = CONCEPT_OF.get(w) ?? CONCEPT_OF.get(stem(w));
    out.push(concept ?? stem(w));
  }
  return out;
}

/** Words nearly every storage question contains (as terms): matched, but worth a fifth of an ordinary word. */
const COMMON = new Set(
  ["unit", "store", "facility", "space", "stuff", "item", "time", "office", "place", "belong"].map((w) => terms(w)[0]!),
);
const COMMON_WEIGHT = 0.2;

const weightOf = (term: string) => (COMMON.has(term) ? COMMON_WEIGHT : 1);

export interface KnowledgeDoc {
  id: string;
  question: string;
  answer: string;
  tags: string[];
  questionEs?: string | null;
  answerEs?: string | null;
}

/** Which texts of an entry are searched: the English ones, or with Spanish callers the Spanish ones too. */
export type SearchLanguage = "en" | "es";

/** BM25F: field weights, length normalisation per field, k1 saturation. */
const FIELDS = { question: 3, tags: 2, answer: 1 } as const;
type Field = keyof typeof FIELDS;
const K1 = 1.2;
const B = 0.5;
/** Share of the question's (weighted) words an entry must contain: more than half. */
const MIN_COVERAGE = 0.5;
/** Or: the entry's own question fully asked, within a longer question that is at least this much about it. */
const MIN_COVERAGE_WHEN_QUESTION_MATCHED = 0.25;

interface IndexedDoc<T> {
  entry: T;
  tf: Record<Field, Map<string, number>>;
  len: Record<Field, number>;
  /** The entry's own question's distinct terms (one set per language searched). */
  heads: Set<string>[];
}

interface KnowledgeIndex<T> {
  docs: IndexedDoc<T>[];
  df: Map<string, number>;
  avgLen: Record<Field, number>;
}

const counts = (ts: string[]) => {
  const m = new Map<string, number>();
  for (const t of ts) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
};

const indexes: Record<SearchLanguage, WeakMap<readonly KnowledgeDoc[], KnowledgeIndex<KnowledgeDoc>>> = {
  en: new WeakMap(),
  es: new WeakMap(),
};

/** The index of an entry list, built on first use and kept as long as the list (a cached facts array) lives. */
export function knowledgeIndex<T extends KnowledgeDoc>(
  docs: readonly T[],
  language: SearchLanguage = "en",
): KnowledgeIndex<T> {
  const hit = indexes[language].get(docs);
  if (hit) return hit as unknown as KnowledgeIndex<T>;
  const indexed = docs.map((entry) => {
    const question = terms(entry.question);
    const answer = terms(entry.answer);
    // A bare "truck" tag on an entry about renting trucks is the rental too, not storing a vehicle.
    const rental = question.includes(TRUCK_RENTAL) || answer.includes(TRUCK_RENTAL);
    const tags = terms(
      rental ? entry.tags.join(" ").replace(RENTAL_VEHICLE_WORDS, ` ${TRUCK_RENTAL} `) : entry.tags.join(" "),
    );
    const questionEs = language === "es" && entry.questionEs ? terms(entry.questionEs) : [];
    const answerEs = language === "es" && entry.answerEs ? terms(entry.answerEs) : [];
    const fields = { question: [...question, ...questionEs], tags, answer: [...answer, ...answerEs] };
    return {
      entry,
      tf: { question: counts(fields.question), tags: counts(fields.tags), answer: counts(fields.answer) },
      len: { question: fields.question.length, tags: fields.tags.length, answer: fields.answer.length },
      heads: questionEs.length ? [new Set(question), new Set(questionEs)] : [new Set(question)],
    };
  });
  const df = new Map<string, number>();
  for (const d of indexed) {
    for (const t of new Set([...d.tf.question.keys(), ...d.tf.tags.keys(), ...d.tf.answer.keys()]))
      df.set(t, (df.get(t) ?? 0) + 1);
  }
  const avg = (f: Field) => Math.max(1, indexed.reduce((n, d) => n + d.len[f], 0) / Math.max(1, indexed.length));
  const index: KnowledgeIndex<T> = {
    docs: indexed,
    df,
    avgLen: { question: avg("question"), tags: avg("tags"), answer: avg("answer") },
  };
  indexes[language].set(docs, index as unknown as KnowledgeIndex<KnowledgeDoc>);
  return index;
}

export interface KnowledgeHit<T> {
  entry: T;
  score: number;
  /** Share of the question's weighted terms found in the entry. */
  coverage: number;
}

/**
 * The entries that answer `query`, best first; empty when none answers it well enough. `language`:
 * the conversation's ("es" also searches the entries' Spanish versions).
 */
export function searchKnowledge<T extends KnowledgeDoc>(
  docs: readonly T[],
  query: string,
  limit = 2,
  language: SearchLanguage = "en",
): KnowledgeHit<T>[] {
  const q = [...new Set(terms(query))];
  const total = q.reduce((n, t) => n + weightOf(t), 0);
  if (docs.length === 0 || q.length === 0 || q.every((t) => COMMON.has(t))) return [];
  const { docs: indexed, df, avgLen } = knowledgeIndex(docs, language);
  const n = indexed.length;
  const hits: KnowledgeHit<T>[] = [];
  for (const d of indexed) {
    let score = 0;
    let matched = 0;
    let informative = false;
    for (const t of q) {
      let tf = 0;
      for (const f of Object.keys(FIELDS) as Field[]) {
        const c = d.tf[f].get(t);
        if (c) tf += (FIELDS[f] * c) / (1 - B + (B * d.len[f]) / avgLen[f]);
      }
      if (tf === 0) continue;
      const nt = df.get(t) ?? 0;
      const idf = Math.log(1 + (n - nt + 0.5) / (nt + 0.5));
      score += weightOf(t) * idf * ((tf * (K1 + 1)) / (tf + K1));
      matched += weightOf(t);
      if (!COMMON.has(t)) informative = true;
    }
    if (!informative) continue;
    const coverage = matched / total;
    const askedItsQuestion = d.heads.some((head) => {
      const informative = [...head].filter((t) => !COMMON.has(t));
      return informative.length > 0 && informative.every((t) => q.includes(t));
    });
    if (coverage > MIN_COVERAGE || (askedItsQuestion && coverage >= MIN_COVERAGE_WHEN_QUESTION_MATCHED))
      hits.push({ entry: d.entry as T, score, coverage });
  }
  return hits.sort((a, b) => b.score - a.score || b.coverage - a.coverage).slice(0, limit);
}

/**
 * "What time do you close?" is an hours question, not a policy: the office or gate hours answer it
 * (with today's closures), never a knowledge-base entry that happens to say "any time". The same
 * classifier as the default brain's intent path decides, so both brains route it alike.
 */
export function hoursTopicOf(question: string): "hours" | "access" | null {
  // "What are your late fees?" sounds like "what are your hours?" to the classifier; money is never hours.
  if (NOT_HOURS.test(question)) return null;
  const c = classify(question);
  if (c.confidence < HOURS_MIN_CONFIDENCE) return null;
  return c.intent === "hours_inquiry" ? "hours" : c.intent === "access_hours_inquiry" ? "access" : null;
}
const HOURS_MIN_CONFIDENCE = 0.8;
const NOT_HOURS =
  /\b(?:fees?|charges?|penalt(?:y|ies)|deposits?|prices?|costs?|rates?|rent|prorat\w*|notice|recargos?|renta|cargos?|dep[oó]sitos?|precios?)\b/i;
