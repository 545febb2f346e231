import { and, eq, inArray } from "drizzle-orm";

import type { Executor } from "@/server/db/client";
import { facility } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { DomainError } from "@/server/domain/errors";
import { managedBy } from "@/server/pms/managed";

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
    await refusePmsManagedFacilities(
      tx,
      organizationId,
      parsed.data.facilities.map((f) => f.slug),
    );
    return applyImport(tx, organizationId, actor, parsed.data);
  }
  const parsed = parseUnitsCsv(input.text);
  if (!parsed.ok) throw new ImportValidationError(parsed.issues);
  await refusePmsManagedFacilities(
    tx,
    organizationId,
    parsed.data.map((r) => r.facility),
  );
  const result = await applyUnitsCsv(tx, organizationId, actor, parsed.data);
  if (!result.ok) throw new ImportValidationError(result.issues);
  return result.summary;
}

/**
 * A file never overwrites what a PMS owns (docs/integrations.md, "PMS wins"): a facility the file
 * names that a connected PMS manages refuses the whole import, before anything is written, and says
 * where its inventory is changed instead.
 */
async function refusePmsManagedFacilities(tx: Executor, organizationId: string, slugs: string[]) {
  const unique = [...new Set(slugs)];
  if (unique.length === 0) return;
  const rows = await tx
    .select({ id: facility.id, name: facility.name })
    .from(facility)
    .where(and(eq(facility.organizationId, organizationId), inArray(facility.slug, unique)));
  const managed = await managedBy(
    tx,
    organizationId,
    "facility",
    rows.map((r) => r.id),
  );
  if (managed.size === 0) return;
  const names = rows.filter((r) => managed.has(r.id)).map((r) => r.name);
  const pms = [...new Set(managed.values())].join(" and ");
  throw new DomainError(
    "CONFLICT",
    `${names.join(", ")} ${names.length > 1 ? "are" : "is"} managed in ${pms}: units, unit types and rates sync from there. Remove ${names.length > 1 ? "them" : "it"} from the file; nothing was imported.`,
    { reason: "managed_in_pms", pms, facilities: names },
  );
}
