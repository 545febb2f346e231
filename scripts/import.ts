/**
 * npm run import -- --org ID --file PATH [--format json|units_csv] [--dry-run]
 * npm run import -- --create-org "Name" --owner EMAIL --file PATH
 *
 * Imports a facility file (docs/import-format.md) in one transaction and prints JSON:
 * { organizationId, summary } on success, { errors: [{ line, field, message }] } with exit code 1.
 */
import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";

// stdout carries the result: keep routine logs off it (env is read when the app modules load).
process.env.LOG_LEVEL ??= "warn";
const { closeDb } = await import("@/server/db/client");
const { ensureDatabase } = await import("@/server/db/bootstrap");
const { DomainError } = await import("@/server/domain/errors");
const { ImportValidationError } = await import("@/server/domain/import/import-data");
const { createOrganizationForImport, runImport } = await import("@/server/domain/import/run-import");
const { IMPORT_MAX_BYTES } = await import("@/server/domain/import/parse-import");

const { values } = parseArgs({
  options: {
    org: { type: "string" },
    "create-org": { type: "string" },
    owner: { type: "string" },
    file: { type: "string" },
    format: { type: "string" },
    "dry-run": { type: "boolean", default: false },
  },
});

async function main() {
  if (!values.file || (!values.org && !values["create-org"])) {
    console.error(
      'Usage: npm run import -- (--org ID | --create-org "Name" --owner EMAIL) --file PATH [--format json|units_csv] [--dry-run]',
    );
    return 2;
  }
  const format = (values.format ?? (values.file.endsWith(".csv") ? "units_csv" : "json")) as "json" | "units_csv";
  if (format !== "json" && format !== "units_csv") throw new Error("--format is json or units_csv");
  // The same limit as the dashboard's, checked before the file is read into memory.
  if (statSync(values.file).size > IMPORT_MAX_BYTES) {
    console.log(
      JSON.stringify({
        errors: [{ line: null, field: "(file)", message: `Keep import files under ${IMPORT_MAX_BYTES} bytes.` }],
      }),
    );
    return 1;
  }
  const text = readFileSync(values.file, "utf8");
  const { embedded } = await ensureDatabase();
  try {
    let organizationId: string;
    try {
      organizationId = values.org ?? (await createOrganizationForImport(values["create-org"]!, values.owner)).id;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      console.error(err.message);
      return 2;
    }
    try {
      const summary = await runImport(
        organizationId,
        { label: "cli import" },
        { format, text, dryRun: values["dry-run"] },
      );
      console.log(JSON.stringify({ organizationId, dryRun: values["dry-run"], summary }, null, 2));
      return 0;
    } catch (err) {
      if (err instanceof ImportValidationError)
        console.log(JSON.stringify({ organizationId, errors: err.issues }, null, 2));
      else if (err instanceof DomainError)
        console.log(
          JSON.stringify({ organizationId, errors: [{ line: null, field: "(file)", message: err.message }] }, null, 2),
        );
      else throw err;
      return 1;
    }
  } finally {
    await closeDb();
    await embedded?.stop();
  }
}

process.exit(await main());
