import { randomBytes } from "node:crypto";

import { db, withOrg } from "@/server/db/client";
import { organization } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";

import type { ImportSummary } from "./apply-import";
import { importData, type ImportFormat } from "./import-data";

const ROLLBACK = Symbol("dry run");

/**
 * One import, all or nothing, as the organization's tenant (row-level security applies). With
 * `dryRun` the transaction is rolled back after the summary is computed: preview without effect.
 */
export async function runImport(
  organizationId: string,
  actor: Actor,
  input: { format: ImportFormat; text: string; dryRun?: boolean },
): Promise<ImportSummary> {
  let summary: ImportSummary | null = null;
  try {
    await withOrg(organizationId, async (tx) => {
      summary = await importData(tx, organizationId, actor, input);
      if (input.dryRun) throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return summary!;
}

/** For the command line: an organization with no members yet (invite the owner from the app). */
export async function createOrganizationForImport(name: string) {
  const slug = `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "org"
  }-${randomBytes(3).toString("hex")}`;
  const [row] = await db
    .insert(organization)
    .values({ id: randomBytes(16).toString("hex"), name, slug })
    .returning();
  return row!;
}
