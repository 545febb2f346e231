import { randomBytes } from "node:crypto";

import { DBOSClient } from "@dbos-inc/dbos-sdk";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { processGroup } from "./processes";

/**
 * Scheduled jobs run once per tick across every process (docs/deploy.md: "schedules: DBOS cron,
 * workflow id derived from schedule and tick"). Two `npm run worker` processes with the app's
 * schedules on, in a scratch database of their own (the schedules sweep every organization, so
 * they must not run on the database other test files share; the workers migrate it at start, as
 * a fresh deployment would). Both apply the same schedule list at launch; the app's hourly
 * housekeeping schedule is then made to tick every second, and over several seconds there is one
 * housekeeping run per tick, not one per process, each run finished. A per-process timer (setInterval,
 * node-cron) would start two runs a tick here.
 */
const group = processGroup();
const scratch = `sa_sched_${randomBytes(4).toString("hex")}`;
const adminUrl = process.env.DATABASE_URL!;
const scratchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${scratch}`;
  return u.toString();
})();
const schema = "dbos";
const appName = "storage-agent-sched-test";

async function admin<T>(fn: (c: pg.Client) => Promise<T>, url = adminUrl): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

let workers: Awaited<ReturnType<typeof group.startWorker>>[] = [];
let client: DBOSClient | null = null;
beforeAll(async () => {
  await admin((c) => c.query(`create database ${scratch}`));
  const env = (id: string) => ({
    DATABASE_URL: scratchUrl,
    DATABASE_REPLICA_URL: "",
    DBOS_SYSTEM_SCHEMA: schema,
    DBOS_APP_NAME: appName,
    DBOS_EXECUTOR_ID: `${scratch}-${id}`,
    DISABLE_SCHEDULES: "false",
    WORKFLOW_TIME_SCALE: "0.05",
    SHUTDOWN_WORKFLOW_TIMEOUT_MS: "1000",
  });
  workers = await Promise.all([group.startWorker(env("a")), group.startWorker(env("b"))]);
  client = await DBOSClient.create({
    systemDatabaseUrl: scratchUrl,
    systemDatabaseSchemaName: schema,
    applicationName: appName,
  });
}, 240_000);
afterAll(async () => {
  const exits = await Promise.all(workers.map((w) => w.stop()));
  await client?.destroy();
  await admin((c) => c.query(`drop database if exists ${scratch} with (force)`));
  expect(exits).toEqual(workers.map(() => ({ code: 0, signal: null })));
}, 60_000);

const query = <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
  admin((c) => c.query<R>(text, values).then((r) => r.rows), scratchUrl);

describe("scheduled jobs across processes", () => {
  it("both workers apply the schedules once; each housekeeping tick runs once, not once per worker", async () => {
    // Both applied the same list at launch: one row per schedule, not two.
    const schedules = await query<{ schedule_name: string }>(
      `select schedule_name from ${schema}.workflow_schedules order by schedule_name`,
    );
    expect(schedules.map((s) => s.schedule_name)).toContain("housekeeping");
    expect(new Set(schedules.map((s) => s.schedule_name)).size).toBe(schedules.length);

    // Every second (DBOS cron takes a seconds field); both workers' schedulers pick the change up.
    await client!.updateSchedule("housekeeping", { schedule: "* * * * * *" });
    const runs = () =>
      query<{ workflow_uuid: string; status: string; executor_id: string; created_at: string }>(
        `select workflow_uuid, status, executor_id, created_at from ${schema}.workflow_status
          where name = 'housekeeping' order by created_at`,
      );
    const t0 = Date.now();
    while ((await runs()).length < 6) {
      if (Date.now() - t0 > 90_000)
        throw new Error(`too few housekeeping runs:\n${workers.map((w) => w.output()).join("\n")}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await client!.pauseSchedule("housekeeping");
    await new Promise((r) => setTimeout(r, 2500)); // a tick already being fired when it paused
    const until = Date.now() + 30_000;
    let all = await runs();
    while (all.some((r) => r.status !== "SUCCESS") && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500));
      all = await runs();
    }

    // One run per tick: each tick (the scheduled second in the run's id) once, and no more runs than
    // seconds went by between the first and the last.
    const ticks = all.map((r) => /^sched-housekeeping-(\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(r.workflow_uuid)?.[1]);
    expect(ticks.every((t) => t && !Number.isNaN(Date.parse(t)))).toBe(true);
    expect(new Set(ticks).size).toBe(all.length);
    const seconds = ticks.map((t) => Date.parse(t!) / 1000);
    expect(all.length).toBeLessThanOrEqual(Math.max(...seconds) - Math.min(...seconds) + 1);
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.map((r) => r.status)).toEqual(all.map(() => "SUCCESS"));
    expect(all.every((r) => r.executor_id.startsWith(scratch))).toBe(true);

    // The app's own every-minute schedules, if a minute went by meanwhile: at most one run each.
    const doubled = await query(
      `select name, created_at / 60000 as minute, count(*) from ${schema}.workflow_status
        where name <> 'housekeeping' group by 1, 2 having count(*) > 1`,
    );
    expect(doubled).toEqual([]);
  }, 180_000);
});
