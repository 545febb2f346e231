import fc from "fast-check";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLObjectType,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";

import { schema } from "@/server/graphql/schema";

import { seedApiOrg } from "../public-api/helpers";

import { rawGql } from "./helpers";

/** A date that books a move-in: inside the booking window (a year) whenever the test runs. */
const IN_30_DAYS = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/**
 * Randomized documents against /api/graphql: selections walked from the schema itself (deep
 * nesting past the depth limit, alias bombs, arguments of the wrong type, ids of nothing), huge and
 * nested variables, and plain garbage. Whatever arrives, the answer is never a 5xx and never an
 * INTERNAL_SERVER_ERROR: a refused document gets errors that say why, an accepted one data.
 */
let key: string;
beforeAll(async () => {
  // Read and write: fuzzed mutations run too (in this test's own organization).
  ({ key } = await seedApiOrg(["read", "write"]));
});

/** A small deterministic generator, so fast-check's seed reproduces a failing document. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

const ODD_STRINGS = [
  "",
  "x",
  "00000000-0000-4000-8000-000000000000",
  "'; drop table lead; --",
  "é\u0000\uffff",
  "9".repeat(400),
];

function literal(r: Rng, type: GraphQLInputType, depth = 0): string {
  const t = getNullableType(type);
  if (r.chance(0.1)) return r.pick(["null", "12", '"text"', "true", "[]", "{}"]); // any type, often wrong
  if (isListType(t)) return `[${literal(r, t.ofType, depth + 1)}]`;
  if (isEnumType(t)) return r.pick(t.getValues()).name;
  if (isInputObjectType(t)) {
    if (depth > 2) return "{}";
    const fields = Object.values(t.getFields()).filter((f) => isNonNullType(f.type) || r.chance(0.4));
    return `{ ${fields.map((f) => `${f.name}: ${literal(r, f.type, depth + 1)}`).join(", ")} }`;
  }
  if (isScalarType(t)) {
    switch (t.name) {
      case "Int":
        return String(r.pick([0, 1, -1, 101, 2 ** 31, 1e6]));
      case "Boolean":
        return r.pick(["true", "false"]);
      case "Date":
        return r.pick(['"2031-02-30"', JSON.stringify(IN_30_DAYS), '"yesterday"']);
      case "DateTime":
        return r.pick(['"2031-03-02T10:00:00Z"', '"not a time"']);
      default:
        return JSON.stringify(r.pick(ODD_STRINGS));
    }
  }
  return "null";
}

function args(r: Rng, list: readonly GraphQLArgument[]): string {
  const given = list.filter((a) => isNonNullType(a.type) || r.chance(0.3));
  return given.length ? `(${given.map((a) => `${a.name}: ${literal(r, a.type)}`).join(", ")})` : "";
}

/** A selection set of `type`, `depth` levels deep at most (past the server's limit of 10 at times). */
function selection(r: Rng, type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields());
  const picked = Array.from({ length: 1 + r.int(3) }, () => r.pick(fields));
  if (r.chance(0.05)) picked.push({ name: "noSuchField", args: [], type } as never);
  const parts = picked.map((f, i) => {
    const alias = r.chance(0.2) ? `a${i}_${r.int(1000)}: ` : "";
    const named = getNamedType(f.type);
    const composite = isObjectType(named) || isInterfaceType(named) || isUnionType(named);
    const inner = !composite
      ? ""
      : isObjectType(named) && depth > 0
        ? ` { ${selection(r, named, depth - 1)} }`
        : " { __typename }";
    return `${alias}${f.name}${args(r, f.args ?? [])}${inner}`;
  });
  return ["__typename", ...parts].join(" ");
}

function document(seed: number): { query: string; variables?: unknown } {
  const r = rng(seed);
  const root = r.chance(0.2) ? schema.getMutationType()! : schema.getQueryType()!;
  const op = root === schema.getQueryType() ? "query" : "mutation";
  switch (r.int(5)) {
    case 0: // an alias bomb
      return {
        query: `{ ${Array.from({ length: 5 + r.int(60) }, (_, i) => `x${i}: facilities { nodes { id } }`).join(" ")} }`,
      };
    case 1: // huge or deeply nested variables
      return {
        query: "query($x: String, $y: Int) { facilities(after: $x, first: $y) { nodes { id } } }",
        variables: r.chance(0.5)
          ? { x: "y".repeat(1 + r.int(200_000)), y: r.int(200) }
          : { x: JSON.parse("[".repeat(200) + "]".repeat(200)) as unknown, y: "seven" },
      };
    case 2: // garbage
      return {
        query: r.pick([
          "{",
          "}",
          "query {",
          "{ facilities { nodes { id } }",
          "\u0000",
          "{ __schema { types { name } } }",
        ]),
      };
    default: // walked from the schema
      return { query: `${op} { ${selection(r, root, 1 + r.int(14))} }` };
  }
}

describe("fuzzed GraphQL documents", () => {
  it("never answer a 5xx or an internal error, and always say what is wrong", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer(), async (seed) => {
        const doc = document(seed);
        const res = await rawGql(JSON.stringify(doc), key);
        expect(res.status, doc.query.slice(0, 120)).toBeLessThan(500);
        const text = await res.text();
        const body = JSON.parse(text) as {
          data?: unknown;
          errors?: { message?: string; extensions?: { code?: string } }[];
        };
        expect(body.data !== undefined || (body.errors?.length ?? 0) > 0, text.slice(0, 200)).toBe(true);
        for (const e of body.errors ?? []) {
          expect(e.message?.length, text.slice(0, 200)).toBeGreaterThan(0);
          expect(e.extensions?.code, `${doc.query.slice(0, 200)} → ${e.message}`).not.toBe("INTERNAL_SERVER_ERROR");
        }
      }),
      { numRuns: 80 },
    );
  });
});
