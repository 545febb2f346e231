import type { Executor } from "@/server/db/client";
import type { Actor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";

import { applyImport, applyUnitsCsv, type ImportSummary } from "./apply-import";
import type { ImportIssue } from "./format";
import { parseImportJson } from "./parse-import";
import { parseUnitsCsv } from "./units-csv";

export type ImportFormat = "json" | "units_csv";

/** Thrown with every problem found; the caller's transaction then rolls back, so nothing changes. */
export class ImportValidationError extends DomainError {
  constructor(public readonly issues: ImportIssue[]) {
    const first = issues[0];
    super(
      "BAD_REQUEST",
      `The file has ${issues.length} problem${issues.length === 1 ? "" : "s"}${first ? `; first: line ${first.line ?? "?"}, ${first.field}: ${first.message}` : ""}.`,
      { issues },
    );
  }
}

/**
 * Validates and imports a file into the organization inside `tx` (all or nothing: run it in one
 * transaction and let an error roll it back). With `dryRun` the caller rolls back after reading the
 * summary: the dashboard's preview.
 */
export async function importData(
  tx: Executor,
  organizationId: string,
  actor: Actor,
  input: { format: ImportFormat; text: string },
): Promise<ImportSummary> {
  if (input.format === "json") {
    const parsed = parseImportJson(input.text);
    if (!parsed.ok) throw new ImportValidationError(parsed.issues);
    return applyImport(tx, organizationId, actor, parsed.data);
  }
  const parsed = parseUnitsCsv(input.text);
  if (!parsed.ok) throw new ImportValidationError(parsed.issues);
  const result = await applyUnitsCsv(tx, organizationId, actor, parsed.data);
  if (!result.ok) throw new ImportValidationError(result.issues);
  return result.summary;
}
