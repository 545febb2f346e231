import { sql } from "drizzle-orm";

import type { Database } from "./client";
import { TENANT_ROLE } from "./client";

/**
 * Row-level security for every table that has an `organization_id` column, applied after the
 * migrations on every start. It is idempotent and discovers tables itself, so a table added by a
 * later migration is covered without anyone remembering to add a policy.
 *
 * It changes only what is missing, so a start against a database that is already set up takes no
 * lock on any table: `ALTER TABLE … ENABLE ROW LEVEL SECURITY` takes an ACCESS EXCLUSIVE lock, and
 * run on every table at every start it waited behind live transactions and deadlocked with them (a
 * worker starting while the app served traffic; test files starting in parallel).
 *
 * The app's own connection owns the tables and so is not subject to these policies; tenant work runs
 * under `SET LOCAL ROLE storage_agent_tenant` (see `withOrg`), which sees only rows whose
 * organization_id equals the transaction's `app.organization_id`. Without that setting it sees none.
 */
export async function applyRowLevelSecurity(db: Database) {
  await db.execute(
    sql.raw(`
DO $$
DECLARE t record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${TENANT_ROLE}') THEN
    CREATE ROLE ${TENANT_ROLE} NOLOGIN;
  END IF;
  IF NOT pg_has_role(current_user, '${TENANT_ROLE}', 'MEMBER') THEN
    EXECUTE format('GRANT ${TENANT_ROLE} TO %I', current_user);
  END IF;
  IF NOT has_schema_privilege('${TENANT_ROLE}', 'public', 'USAGE') THEN
    GRANT USAGE ON SCHEMA public TO ${TENANT_ROLE};
  END IF;
  FOR t IN
    SELECT c.oid, c.relname, c.relkind, c.relrowsecurity,
      c.relkind IN ('r', 'p') AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped) AS tenant
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
    ORDER BY c.relname
  LOOP
    IF t.relkind = 'S' THEN
      IF NOT has_sequence_privilege('${TENANT_ROLE}', t.oid, 'USAGE, SELECT') THEN
        EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %I TO ${TENANT_ROLE}', t.relname);
      END IF;
      CONTINUE;
    END IF;
    IF NOT (has_table_privilege('${TENANT_ROLE}', t.oid, 'SELECT') AND has_table_privilege('${TENANT_ROLE}', t.oid, 'INSERT')
        AND has_table_privilege('${TENANT_ROLE}', t.oid, 'UPDATE') AND has_table_privilege('${TENANT_ROLE}', t.oid, 'DELETE')) THEN
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO ${TENANT_ROLE}', t.relname);
    END IF;
    IF t.tenant AND NOT t.relrowsecurity THEN
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
    END IF;
    IF t.tenant AND NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = t.relname AND policyname = 'tenant_isolation') THEN
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON %I USING (organization_id = current_setting(''app.organization_id'', true)) WITH CHECK (organization_id = current_setting(''app.organization_id'', true))',
        t.relname);
    END IF;
  END LOOP;
END $$;`),
  );
}
