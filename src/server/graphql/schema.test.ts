import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { printedSchema } from "./schema";

describe("schema.graphql", () => {
  it("is the printed schema of the code: change both together (npm run graphql:schema)", () => {
    const committed = readFileSync(path.resolve(import.meta.dirname, "../../../schema.graphql"), "utf8");
    expect(printedSchema()).toBe(committed);
  });
});
