/**
 * Knowledge-base retrieval for policy questions: word overlap weighted by rarity (a small BM25
 * without length normalisation), with the entry's question and tags counting double. Good enough
 * for tens of entries per facility and deterministic, so the default brain needs no model.
 */
const STOP = new Set(
  "a an the and or of to in on at for is are do does can could would will i you we my your it this that with be have has what how when where which who there any about me our us if as by from please tell know".split(" "),
);

export function terms(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map((w) => (w.length > 4 && w.endsWith("s") ? w.slice(0, -1) : w));
}

export interface KnowledgeDoc {
  id: string;
  question: string;
  answer: string;
  tags: string[];
}

export function searchKnowledge<T extends KnowledgeDoc>(docs: readonly T[], query: string, limit = 2): { entry: T; score: number }[] {
  const q = [...new Set(terms(query))];
  if (q.length === 0 || docs.length === 0) return [];
  const indexed = docs.map((d) => ({ d, head: new Set(terms(`${d.question} ${d.tags.join(" ")}`)), body: new Set(terms(d.answer)) }));
  const df = new Map<string, number>();
  for (const t of q) df.set(t, indexed.filter((x) => x.head.has(t) || x.body.has(t)).length);
  const scored = indexed.map(({ d, head, body }) => {
    let score = 0;
    for (const t of q) {
      const n = df.get(t) ?? 0;
      if (n === 0) continue;
      const idf = Math.log(1 + docs.length / n);
      if (head.has(t)) score += 2 * idf;
      else if (body.has(t)) score += idf;
    }
    return { entry: d, score: score / Math.sqrt(q.length) };
  });
  return scored.filter((s) => s.score >= 0.6).sort((a, b) => b.score - a.score).slice(0, limit);
}
