import { randomBytes } from "node:crypto";

import { eq } from "drizzle-orm";

import { recordAudit } from "@/server/audit";
import { db, withOrg } from "@/server/db/client";
import { member, organization, user } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { normalizeEmail } from "@/lib/normalize-phone";
import { DomainError } from "@/server/domain/errors";

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

/**
 * For the command line: a new organization owned by an existing account (the e-mail someone signed up
 * with). An organization with no member could never be signed in to or managed, so a missing or
 * unknown owner is an error and nothing is created.
 */
export async function createOrganizationForImport(name: string, ownerEmail: string | undefined) {
  if (!ownerEmail?.trim())
    throw new DomainError("BAD_REQUEST", "Name the owner: --owner EMAIL (an account that has signed up).");
  const email = normalizeEmail(ownerEmail);
  const [owner] = await db.select({ id: user.id, email: user.email }).from(user).where(eq(user.email, email));
  if (!owner)
    throw new DomainError(
      "BAD_REQUEST",
      `No account uses ${email}. Sign up with it first (/sign-up), then run the import again.`,
    );
  const slug = `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "org"
  }-${randomBytes(3).toString("hex")}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(organization)
      .values({ id: randomBytes(16).toString("hex"), name, slug })
      .returning();
    await tx
      .insert(member)
      .values({ id: randomBytes(16).toString("hex"), organizationId: row!.id, userId: owner.id, role: "owner" });
    await recordAudit(tx, {
      organizationId: row!.id,
      actor: { userId: null, label: "cli import" },
      action: "organization.created",
      targetType: "organization",
      targetId: row!.id,
      data: { name, owner: owner.email },
    });
    return row!;
  });
}
