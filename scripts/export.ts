/**
 * npm run export -- --org ID [--format json|units_csv] [--out PATH]
 * Writes the organization's inventory in the import format (docs/import-format.md) to PATH or stdout.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

// stdout carries the result: keep routine logs off it (env is read when the app modules load).
process.env.LOG_LEVEL ??= "warn";
const { closeDb } = await import("@/server/db/client");
// An export only reads: on the read replica when DATABASE_REPLICA_URL names one that is fit (docs/deploy.md).
const { stopReplica, withOrgRead } = await import("@/server/db/replica");
const { ensureDatabase } = await import("@/server/db/bootstrap");
const { exportData, exportUnitsCsv } = await import("@/server/domain/import/export-data");

const { values } = parseArgs({
  options: { org: { type: "string" }, format: { type: "string", default: "json" }, out: { type: "string" } },
});

if (!values.org) {
  console.error("Usage: npm run export -- --org ID [--format json|units_csv] [--out PATH]");
  process.exit(2);
}
const { embedded } = await ensureDatabase();
try {
  const org = values.org;
  const text = await withOrgRead(org, async (tx) =>
    values.format === "units_csv" ? exportUnitsCsv(tx, org) : `${JSON.stringify(await exportData(tx, org), null, 2)}\n`,
  );
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
} finally {
  await stopReplica();
  await closeDb();
  await embedded?.stop();
}
