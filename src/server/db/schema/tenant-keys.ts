import { type AnyPgColumn, foreignKey, unique } from "drizzle-orm/pg-core";

/**
 * Tenant references enforced by the database (issue 20, item 9). Every tenant table that other
 * tenant tables point at has a unique `(organization_id, id)`, and every such pointer is a composite
 * foreign key `(organization_id, <parent>_id)` onto it: a row of one organization can never name
 * another organization's row, whatever the service code forgets to check.
 *
 * `set null` is written in the migration as `ON DELETE SET NULL ("<parent>_id")` (PostgreSQL 15+):
 * the plain form would null `organization_id` too, which is NOT NULL, and the parent's delete would
 * fail. drizzle-kit cannot express the column list, so a migration that (re)creates such a key must
 * be edited by hand the same way (drizzle/0052_tenant_foreign_keys.sql shows it; the test in
 * src/server/db/tenant-foreign-keys.integration.test.ts deletes a parent of each kind and fails otherwise).
 */
export type TenantDeleteAction = "cascade" | "restrict" | "set null";

/** The `(organization_id, id)` a tenant table's children reference. */
export const tenantKey = (name: string, organizationId: AnyPgColumn, id: AnyPgColumn) =>
  unique(name).on(organizationId, id);

/** `(organization_id, column)` references `(parent.organization_id, parent.id)`. */
export const tenantFk = (
  name: string,
  organizationId: AnyPgColumn,
  column: AnyPgColumn,
  parent: { organizationId: AnyPgColumn; id: AnyPgColumn },
  onDelete: TenantDeleteAction,
) =>
  foreignKey({ name, columns: [organizationId, column], foreignColumns: [parent.organizationId, parent.id] }).onDelete(
    onDelete,
  );
