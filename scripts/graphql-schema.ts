/**
 * Writes the GraphQL schema's SDL to schema.graphql (npm run graphql:schema). CI checks the file
 * against the code (src/server/graphql/schema.test.ts): a schema change must commit its SDL, so a
 * reviewer sees every change integrators will see. `--check` exits 1 when the file is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { printedSchema } from "@/server/graphql/schema";

const file = path.resolve(import.meta.dirname, "..", "schema.graphql");
const sdl = printedSchema();
if (process.argv.includes("--check")) {
  const current = await readFile(file, "utf8").catch(() => "");
  if (current !== sdl) {
    console.error("schema.graphql is out of date: run npm run graphql:schema and commit it");
    process.exit(1);
  }
  console.log("schema.graphql is up to date");
} else {
  await writeFile(file, sdl);
  console.log(`wrote ${path.relative(process.cwd(), file)} (${sdl.split("\n").length} lines)`);
}
process.exit(0);
