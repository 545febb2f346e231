import { hostname } from "node:os";

import { databaseUrl } from "@/server/db/client";

/**
 * Where DBOS keeps its state and who this process is to it. Read from the environment at call time
 * (not import time) so server.ts, the worker, Next's route bundles and tests agree on the values
 * that are set by then: DATABASE_URL is only known after the embedded server started.
 *
 *   DBOS_APP_NAME        scopes workflows and queues in the system tables (default storage-agent)
 *   DBOS_SYSTEM_SCHEMA   schema of the DBOS system tables, in the app's own database (default dbos)
 *   DBOS_EXECUTOR_ID     this process's identity for recovery (default <role>-<hostname>); a process
 *                        restarted with the same id resumes the workflows the old one left pending
 *   DBOS_APP_VERSION     workflows are only recovered by processes of the same version; bump
 *                        WORKFLOW_CODE_VERSION when a workflow's step order changes
 *   WORKFLOW_TIME_SCALE  multiplies every relative delay (follow-up steps, text-back delay), e.g.
 *                        0.001 in tests; absolute times (hold expiry, move-in reminder) are not scaled
 */
export const WORKFLOW_CODE_VERSION = "2026-12-1"; // 2026-12-1: postConversation gained its "summarize" step
export const JOBS_QUEUE = "storage-agent-jobs";

const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v.trim());

export function dbosAppName() {
  return blank(process.env.DBOS_APP_NAME) ?? "storage-agent";
}

export function dbosSystemSchema() {
  const schema = blank(process.env.DBOS_SYSTEM_SCHEMA) ?? "dbos";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`DBOS_SYSTEM_SCHEMA "${schema}" is not a plain lower-case identifier`);
  return schema;
}

/** DBOS's own default for its connections' `idle_in_transaction_session_timeout`. */
const DBOS_IDLE_IN_TRANSACTION_MS = 60_000;

/**
 * The app's database, with `idle_in_transaction_session_timeout` in the URL's start-up `options`.
 * DBOS otherwise sets it with a query of its own on each new connection of its pool, and the first
 * statement borrowed on that connection is queued behind it: pg prints "Calling client.query() when
 * the client is already executing a query is deprecated" (pg 9 will refuse it). Given in the URL,
 * the setting comes with the connection and DBOS sends no query for it; an `options` of the
 * operator's own is kept, and one that sets the timeout already is left alone.
 */
export function dbosSystemDatabaseUrl() {
  const url = new URL(databaseUrl());
  const options = url.searchParams.get("options") ?? "";
  if (!options.includes("idle_in_transaction_session_timeout"))
    url.searchParams.set(
      "options",
      `${options} -c idle_in_transaction_session_timeout=${DBOS_IDLE_IN_TRANSACTION_MS}`.trim(),
    );
  return url.toString();
}

export function dbosExecutorId(role: string) {
  return blank(process.env.DBOS_EXECUTOR_ID) ?? `${role}-${hostname()}`;
}

export function dbosAppVersion() {
  return blank(process.env.DBOS_APP_VERSION) ?? WORKFLOW_CODE_VERSION;
}

export function timeScale(): number {
  const raw = blank(process.env.WORKFLOW_TIME_SCALE);
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1)
    throw new Error(`WORKFLOW_TIME_SCALE must be a number in (0, 1], got "${raw}"`);
  return n;
}

/** A configured delay in minutes, as milliseconds after scaling. */
export const scaledMinutes = (minutes: number) => Math.round(minutes * 60_000 * timeScale());
