/**
 * Entity precision/recall/F1 on the held-out labelled set (corpus/entities-heldout.yaml), for the unit
 * tests and the evaluation harness. An entity counts as correct when its type and value match; spans are not scored.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { parse } from "yaml";
import { z } from "zod";

import { CORPUS_DIR } from "./corpus";
import { extractEntities, type Entity, type ExtractContext } from "./entities";

const ZFacility = z.object({
  id: z.string(),
  name: z.string(),
  city: z.string().optional(),
  aliases: z.array(z.string()).optional(),
});
const ZContext = z.object({ now: z.string(), timeZone: z.string(), facilities: z.array(ZFacility).default([]) });
const ZFile = z.object({
  context: ZContext,
  examples: z.array(
    z.object({
      text: z.string(),
      expecting: z.enum(["name", "phone", "email", "date", "size", "unit_number", "facility", "yes_no"]).optional(),
      entities: z.array(z.record(z.string(), z.union([z.string(), z.boolean()]))),
    }),
  ),
});

/** "type=value" key used to compare predicted and gold entities. */
export function entityKey(e: Entity): string {
  switch (e.type) {
    case "unit_size":
      return `unit_size=${e.width}x${e.length}`;
    case "size_hint":
      return `size_hint=${e.hint}`;
    case "quantity":
      return `quantity=${e.count}`;
    case "date":
      return `date=${e.date}`;
    case "time":
      return `time=${e.time}`;
    case "name":
      return `name=${e.name.toLowerCase()}`;
    case "phone":
      return `phone=${e.e164}`;
    case "email":
      return `email=${e.email}`;
    case "yes_no":
      return `yes_no=${e.value}`;
    case "unit_number":
      return `unit_number=${e.unit}`;
    case "feature":
      return `feature=${e.negated ? "!" : ""}${e.feature}`;
    case "facility":
      return `facility=${e.facilityId}`;
    case "language":
      return `language=${e.language}`;
    case "card_number":
      return `card_number=${e.last4}`;
  }
}

export type EntityEvaluation = {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  predicted: number;
  gold: number;
  perType: Record<string, { precision: number; recall: number; f1: number }>;
  errors: { text: string; missing: string[]; spurious: string[] }[];
};

const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function evaluateEntities(file: string = path.join(CORPUS_DIR, "entities-heldout.yaml")): EntityEvaluation {
  const data = ZFile.parse(parse(readFileSync(file, "utf8")));
  const base: ExtractContext = {
    now: new Date(data.context.now),
    timeZone: data.context.timeZone,
    facilities: data.context.facilities,
  };
  const counts: Record<string, { tp: number; pred: number; gold: number }> = {};
  const bump = (key: string, field: "tp" | "pred" | "gold") => {
    const type = key.slice(0, key.indexOf("="));
    (counts[type] ??= { tp: 0, pred: 0, gold: 0 })[field]++;
  };
  const errors: EntityEvaluation["errors"] = [];
  for (const ex of data.examples) {
    const gold = ex.entities.flatMap((o) =>
      Object.entries(o).map(([t, v]) => `${t}=${t === "name" ? String(v).toLowerCase() : String(v)}`),
    );
    const predicted = extractEntities(ex.text, { ...base, expecting: ex.expecting }).map(entityKey);
    const remaining = [...gold];
    const spurious: string[] = [];
    for (const p of predicted) {
      bump(p, "pred");
      const at = remaining.indexOf(p);
      if (at >= 0) {
        remaining.splice(at, 1);
        bump(p, "tp");
      } else spurious.push(p);
    }
    for (const g of gold) bump(g, "gold");
    if (remaining.length || spurious.length) errors.push({ text: ex.text, missing: remaining, spurious });
  }
  const total = Object.values(counts).reduce(
    (a, c) => ({ tp: a.tp + c.tp, pred: a.pred + c.pred, gold: a.gold + c.gold }),
    { tp: 0, pred: 0, gold: 0 },
  );
  const precision = total.pred ? total.tp / total.pred : 1;
  const recall = total.gold ? total.tp / total.gold : 1;
  const perType = Object.fromEntries(
    Object.entries(counts).map(([t, c]) => {
      const p = c.pred ? c.tp / c.pred : 1;
      const r = c.gold ? c.tp / c.gold : 1;
      return [t, { precision: p, recall: r, f1: f1Of(p, r) }];
    }),
  );
  return {
    precision,
    recall,
    f1: f1Of(precision, recall),
    truePositives: total.tp,
    predicted: total.pred,
    gold: total.gold,
    perType,
    errors,
  };
}
