import { sql } from "drizzle-orm";

import type { Database } from "./client";
import { TENANT_ROLE } from "./client";

/**
 * Row-level security for every table that has an `organization_id` column, applied after the
 * migrations on every start. It is idempotent and discovers tables itself, so a table added by a
 * later migration is covered without anyone remembering to add a policy.
 *
 * The app's own connection owns the tables and so is not subject to these policies; tenant work runs
 * under `SET LOCAL ROLE storage_agent_tenant` (see `withOrg`), which sees only rows whose
 * organization_id equals the transaction's `app.organization_id`. Without that setting it sees none.
 */
export async function applyRowLevelSecurity(db: Database) {
  await db.execute(sql.raw(`
DO $$
DECLARE t record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${TENANT_ROLE}') THEN
    CREATE ROLE ${TENANT_ROLE} NOLOGIN;
  END IF;
  IF NOT pg_has_role(current_user, '${TENANT_ROLE}', 'MEMBER') THEN
    EXECUTE format('GRANT ${TENANT_ROLE} TO %I', current_user);
  END IF;
  GRANT USAGE ON SCHEMA public TO ${TENANT_ROLE};
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${TENANT_ROLE};
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${TENANT_ROLE};
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
    WHERE c.table_schema = 'public' AND c.column_name = 'organization_id' AND tb.table_type = 'BASE TABLE'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.table_name);
    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = t.table_name AND policyname = 'tenant_isolation') THEN
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON %I USING (organization_id = current_setting(''app.organization_id'', true)) WITH CHECK (organization_id = current_setting(''app.organization_id'', true))',
        t.table_name);
    END IF;
  END LOOP;
END $$;`));
}
