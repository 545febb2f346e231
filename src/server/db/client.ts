import { drizzle, NodePgSession, NodePgTransaction, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";

import { log } from "@/server/log";

import * as schema from "./schema";
import { prepareRepeatedStatements } from "./statement-cache";

/**
 * One pool per process. server.ts and Next's route bundles both import this module, so the pool is
 * kept on globalThis: two copies of the module still share one pool. The URL is read when the pool
 * is first used, after server.ts has started the embedded server when DATABASE_URL was unset.
 */
export type Database = NodePgDatabase<typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

type SessionArgs = ConstructorParameters<typeof NodePgSession>;
export interface DbState {
  pool: pg.Pool;
  db: Database;
  /** What withOrg needs to open a drizzle transaction on a connection it began itself. */
  tenant: { dialect: SessionArgs[1]; schema: SessionArgs[2]; options: SessionArgs[3] };
}

const g = globalThis as typeof globalThis & { __storageAgentDb?: DbState };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set and no embedded database was started");
  return url;
}

function state(): DbState {
  g.__storageAgentDb ??= createDbState(databaseUrl(), Number(process.env.DATABASE_POOL_MAX ?? 10));
  return g.__storageAgentDb;
}

/** A pool and its drizzle instance for one server: the primary here, the replica in ./replica.ts. */
export function createDbState(
  connectionString: string,
  max: number,
  applicationName?: string,
  opts: { connectionTimeoutMillis?: number } = {},
): DbState {
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    ...(opts.connectionTimeoutMillis ? { connectionTimeoutMillis: opts.connectionTimeoutMillis } : {}),
    ...(applicationName ? { application_name: applicationName } : {}),
    // Our statements are short OLTP reads and writes plus rollup-backed analytics; JIT compiling a
    // plan the planner merely thinks is expensive costs ~50 ms and never pays back here.
    options: "-c jit=off",
    // pg's pipeline mode: a query is written to the socket at once, even while an earlier one on the
    // same connection awaits its answer (each still ends in its own Sync, so results, errors and
    // their order are as without it). withOrgOn uses it to send a transaction's BEGIN and its first
    // statement in one round trip; code that awaits each query in turn behaves exactly as before.
    pipeline: true,
  });
  pool.on("connect", (client) => {
    prepareRepeatedStatements(client);
    commitBehindLastStatement(client);
    // A server that goes away while a client is checked out (a failover, a replica stopped) makes
    // the client emit "error" besides failing its query; without a listener that would end the process.
    client.on("error", (err) =>
      console.error(JSON.stringify({ level: "warn", msg: "pg client lost its connection", err: String(err) })),
    );
  });
  pool.on("error", (err) =>
    console.error(JSON.stringify({ level: "error", msg: "idle pg client error", err: String(err) })),
  );
  const real = drizzle(pool, { schema, casing: "snake_case" });
  // drizzle keeps these on the instance (public in JS, @internal in its types).
  const internals = real as unknown as {
    dialect: SessionArgs[1];
    session: { options: SessionArgs[3] };
    _: NonNullable<SessionArgs[2]>;
  };
  const tenant = {
    dialect: internals.dialect,
    options: internals.session.options,
    schema: {
      fullSchema: internals._.fullSchema,
      schema: internals._.schema,
      tableNamesMap: internals._.tableNamesMap,
    },
  };
  return { pool, db: real, tenant };
}

export const getPool = () => state().pool;

/**
 * The system connection's drizzle instance itself (not the `db` proxy): the key for statements
 * prepared on it (./prepared.ts), which then live as long as that pool does.
 */
export const systemDatabase = (): Database => state().db;

/**
 * The system connection: it bypasses row-level security. Use it only for work that is not on behalf
 * of one organization (auth, webhook routing by phone number, jobs that then scope themselves).
 * Anything on behalf of a tenant goes through `withOrg`.
 */
export const db: Database = new Proxy({} as Database, {
  get(_target, prop) {
    const real = state().db as unknown as Record<string | symbol, unknown>;
    const value = real[prop];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(real) : value;
  },
});

export const TENANT_ROLE = "storage_agent_tenant";
const ORG_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Runs `fn` in a transaction as the restricted tenant role with the organization set, so Postgres
 * row-level security confines every statement to that organization's rows, on top of the explicit
 * `organization_id` filters in our queries.
 */
export async function withOrg<T>(organizationId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return withOrgOn(state(), organizationId, fn);
}

/** withOrg on a given server's pool (the replica's, in ./replica.ts: there the transaction is read-only). */
export async function withOrgOn<T>(
  target: DbState,
  organizationId: string,
  fn: (tx: Transaction) => Promise<T>,
  opts: { readOnly?: boolean } = {},
): Promise<T> {
  if (!ORG_ID.test(organizationId)) throw new Error("invalid organization id");
  // What db.transaction does, except that BEGIN, the role and the organization go to Postgres in one
  // message, written without waiting for its answer: the transaction's first statement follows it
  // on the same socket (the pool's pipeline mode), so BEGIN costs no round trip of its own (an agent
  // turn pays each round trip on a caller's latency path). Safe to send ahead: if BEGIN's message
  // failed part way (the role), the transaction is already open and aborted, so the statements
  // behind it fail too and nothing runs outside it or as another role; and its own error is
  // thrown below before COMMIT. The id is checked against ORG_ID above, so inlining it is safe.
  const { pool, tenant } = target;
  const client = await pool.connect();
  const tx = transactionOn(client, tenant);
  transactionKeys.set(sessionOf(tx), {});
  const ahead: CommitAhead = { statements: 0, commit: null };
  commitsAhead.set(client, ahead);
  if (opts.readOnly) readOnlySessions.add(sessionOf(tx));
  else readOnlySessions.delete(sessionOf(tx));
  openSessions.add(sessionOf(tx));
  let broken: unknown = undefined;
  try {
    // BEGIN's message waits in the socket's buffer for the first statement, and both go out in one
    // write (one syscall here, one wake-up of the Postgres backend); uncorked by that statement's
    // submission (commitBehindLastStatement's wrapper) or, if none comes in this turn of the event
    // loop, by the next check phase.
    holdUntilNextStatement(client);
    const begun = client
      .query(
        `BEGIN${opts.readOnly ? " READ ONLY" : ""}; SET LOCAL ROLE ${TENANT_ROLE}; SELECT set_config('app.organization_id', '${organizationId}', true)`,
      )
      .then(
        () => null,
        (err: unknown) => ({ err }),
      );
    heldForNext.get(client)?.arm();
    // When BEGIN's message failed, the statements behind it failed because of it: its error is the one to throw.
    const result = await fn(tx).catch(async (err: unknown) => {
      throw (await begun)?.err ?? err;
    });
    const beginFailed = await begun;
    if (beginFailed) throw beginFailed.err;
    if (ahead.commit) {
      // Written behind the last statement (commitWithLastStatements). Postgres answers a COMMIT
      // of a transaction that failed with ROLLBACK, not an error: a failed statement fn caught.
      const { command } = await ahead.commit;
      if (command !== "COMMIT")
        throw new Error(`the transaction was rolled back (${command}): a statement in it failed`);
    } else await client.query("COMMIT");
    runCommitHooks(sessionOf(tx));
    return result;
  } catch (err) {
    commitHooks.delete(sessionOf(tx));
    // A COMMIT already written ended the transaction one way or the other; the ROLLBACK behind it
    // then only finds no transaction (a warning), and tells whether the connection still works.
    await ahead.commit?.catch(() => null);
    commitsAhead.delete(client);
    await client.query("ROLLBACK").catch((e: unknown) => (broken = e));
    throw err;
  } finally {
    commitsAhead.delete(client);
    openSessions.delete(sessionOf(tx));
    // A connection that cannot even roll back is discarded, not handed to the next tenant.
    client.release(broken as Error | undefined);
  }
}

/**
 * COMMIT in the round trip of the transaction's last statements. Call it right before sending the
 * last `statements` statements of a withOrg transaction (one, or several sent together): COMMIT is
 * written on the socket behind the last of them (pipeline mode), so the transaction ends without a
 * round trip of its own, and withOrg awaits that COMMIT's answer instead of sending one.
 *
 * Safe only where nothing after those statements can decide to roll back: by the time their answers
 * arrive the transaction has committed (or, if one failed, rolled back: withOrg then throws), so an
 * error thrown afterwards in the transaction's function no longer undoes them. A statement sent
 * after the COMMIT went out would run outside the transaction: it is refused with an error instead.
 * Fewer statements than announced is harmless: withOrg then sends COMMIT as usual. Not in a
 * savepoint (a nested transaction) and not on the system connection: there it does nothing.
 */
export function commitWithLastStatements(tx: Executor, statements = 1): void {
  const client = (sessionOf(tx) as { client?: pg.PoolClient }).client;
  const ahead = client ? commitsAhead.get(client) : undefined;
  if (!client || !ahead || ahead.commit || transactions.get(client) !== tx) return;
  ahead.statements = statements;
}

interface CommitAhead {
  /** Statements still to send before COMMIT is written behind the last (0: not asked for). */
  statements: number;
  /** The COMMIT written ahead, once it was. */
  commit: Promise<pg.QueryResult> | null;
}
/** The withOrg transaction each checked-out connection is running (its COMMIT ahead, if asked). */
const commitsAhead = new WeakMap<pg.PoolClient | pg.Client, CommitAhead>();

/** Wraps one pooled client's query (from the pool's "connect" event) for commitWithLastStatements. */
function commitBehindLastStatement(client: pg.Client): void {
  type Query = (...args: unknown[]) => unknown;
  const query = client.query.bind(client) as Query;
  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const ahead = commitsAhead.get(client);
    if (ahead?.commit)
      return Promise.reject(new Error("statement after its transaction's COMMIT was sent (commitWithLastStatements)"));
    const last = ahead !== undefined && ahead.statements === 1;
    // The last statement and the COMMIT behind it leave in one write (pg corks each query's own
    // messages; these nest).
    const stream = last ? socketOf(client) : null;
    stream?.cork();
    try {
      const result = query(...args);
      if (ahead && ahead.statements > 0 && --ahead.statements === 0) {
        ahead.commit = query("COMMIT") as Promise<pg.QueryResult>;
        // Awaited by withOrg; a failure here must not surface as an unhandled rejection first.
        ahead.commit.catch(() => null);
      }
      return result;
    } finally {
      stream?.uncork();
      // A statement behind withOrgOn's BEGIN: both are now in the buffer, send them.
      heldForNext.get(client)?.release();
    }
  };
}

/** The socket a pg client writes to (pg keeps it as connection.stream; null before it connects). */
function socketOf(client: pg.Client | pg.PoolClient): { cork(): void; uncork(): void } | null {
  const stream = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection
    ?.stream;
  return stream?.cork && stream.uncork ? (stream as { cork(): void; uncork(): void }) : null;
}

/**
 * A cork on a client's socket taken before BEGIN is written (withOrgOn), released exactly once: by
 * the next query submitted on the client once armed (BEGIN itself goes through the same wrapper), or
 * by setImmediate at the latest, so nothing ever stays in the buffer.
 */
interface HeldWrite {
  arm(): void;
  release(): void;
}
const heldForNext = new WeakMap<pg.PoolClient | pg.Client, HeldWrite>();

function holdUntilNextStatement(client: pg.PoolClient | pg.Client): void {
  const stream = socketOf(client);
  if (!stream) return;
  stream.cork();
  let armed = false;
  let done = false;
  const held: HeldWrite = {
    arm: () => {
      armed = true;
    },
    release: () => {
      if (!armed || done) return;
      done = true;
      if (heldForNext.get(client) === held) heldForNext.delete(client);
      stream.uncork();
    },
  };
  heldForNext.set(client, held);
  setImmediate(() => {
    armed = true;
    held.release();
  });
}

/**
 * Work to do once the transaction `tx` has committed (src/server/events: realtime pushes, waking the
 * outbox), never for one that rolled back. Hooks run after COMMIT returns, off the caller's path
 * (setImmediate), each on its own: one that throws is logged and does not stop the others. What
 * must not be lost is never a hook: it is written in the transaction itself (an outbox row) and a
 * hook only makes it happen sooner. A `tx` that withOrgOn did not open (the system connection)
 * runs its hooks a moment later instead.
 */
export function onCommit(tx: Executor, hook: () => unknown): void {
  const session = sessionOf(tx);
  const hooks = session ? commitHooks.get(session) : undefined;
  if (hooks) hooks.push(hook);
  else if (session && openSessions.has(session)) commitHooks.set(session, [hook]);
  else setTimeout(() => runHook(hook), AFTER_COMMIT_FALLBACK_MS).unref?.();
}

const AFTER_COMMIT_FALLBACK_MS = 50;
const commitHooks = new WeakMap<object, (() => unknown)[]>();
/** Sessions inside withOrgOn's BEGIN … COMMIT, where onCommit can wait for the commit. */
const openSessions = new WeakSet<object>();

function runCommitHooks(session: object) {
  openSessions.delete(session);
  const hooks = commitHooks.get(session);
  commitHooks.delete(session);
  if (hooks) setImmediate(() => hooks.forEach(runHook));
}

function runHook(hook: () => unknown) {
  try {
    void Promise.resolve(hook()).catch((err: unknown) => log.error({ err: String(err) }, "after-commit hook failed"));
  } catch (err) {
    log.error({ err: String(err) }, "after-commit hook failed");
  }
}

/** Sessions of the read-only transactions withOrgOn opened (on a replica): they must not write. */
const readOnlySessions = new WeakSet<object>();
const sessionOf = (tx: Executor) => (tx as unknown as { session: object }).session;

/**
 * An object unique to the transaction `tx` belongs to, shared by its savepoints: the key for
 * per-transaction memos (a remembered config version, PMS presence). Not the drizzle session alone:
 * withOrg reuses one session per pooled connection (transactionOn), so a memo keyed by it would
 * leak into the next transaction on that connection, another request's.
 */
const transactionKeys = new WeakMap<object, object>();
export function transactionKey(tx: Executor): object {
  const session = sessionOf(tx);
  return transactionKeys.get(session) ?? session;
}

/** Whether `tx` is a read-only transaction on the replica (src/server/db/replica.ts), where writes fail. */
export function isReadOnlyTransaction(tx: Executor): boolean {
  return readOnlySessions.has(sessionOf(tx));
}

/**
 * One drizzle transaction object per pooled connection, made the first time withOrg uses it: the
 * object only binds drizzle's query builders to the connection, and building it (a relational query
 * builder per table) costs more than an agent turn's whole NLU.
 */
const transactions = new WeakMap<pg.PoolClient, Transaction>();
function transactionOn(client: pg.PoolClient, tenant: DbState["tenant"]): Transaction {
  let tx = transactions.get(client);
  if (!tx) {
    tx = new NodePgTransaction(
      tenant.dialect,
      new NodePgSession(client, tenant.dialect, tenant.schema, tenant.options),
      tenant.schema,
    ) as unknown as Transaction;
    transactions.set(client, tx);
  }
  return tx;
}

export async function closeDb() {
  const s = g.__storageAgentDb;
  g.__storageAgentDb = undefined;
  if (s) await s.pool.end();
}
