import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { followUpSequence } from "@/server/db/schema";
import { startFollowUps } from "@/server/jobs/follow-ups";
import { saveAutomationSettings } from "@/server/jobs/settings";

import { seedLeadWithNumber, setUpWorkflowTests, waitFor } from "../jobs-harness";

/**
 * Workflows are not tied to the process that started them (src/server/jobs/executor-lease.ts):
 * `npm run worker` runs as child processes, each under an executor id of its own (as pods with
 * new names would), against the fake Twilio API.
 *  - SIGTERM: the worker exits 0 within its bound and hands its sleeping workflow back; a worker
 *    with another id finishes it, each text sent once.
 *  - SIGKILL: a worker with another id finds the dead one's lease free, re-enqueues its workflow,
 *    and finishes it, each text sent once.
 * Without the leases neither would finish: DBOS recovers only under the same executor id.
 */
const TIME_SCALE = 0.05; // 1 configured minute = 3 s
const h = setUpWorkflowTests({ timeScale: TIME_SCALE, launch: false });
const root = path.resolve(import.meta.dirname, "../..");
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
});

function startWorker(executorId: string): Promise<ChildProcess & { output: () => string }> {
  const tsx = path.join(root, "node_modules/tsx/dist");
  const child = spawn(
    process.execPath,
    [
      "--require",
      path.join(tsx, "preflight.cjs"),
      "--import",
      `file://${path.join(tsx, "loader.mjs")}`,
      "scripts/worker.ts",
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "test",
        LOG_LEVEL: "warn",
        DBOS_SYSTEM_SCHEMA: h.iso.schema,
        DBOS_EXECUTOR_ID: executorId,
        DBOS_APP_NAME: h.iso.appName,
        WORKFLOW_TIME_SCALE: String(TIME_SCALE),
        SHUTDOWN_WORKFLOW_TIMEOUT_MS: "1000",
        TWILIO_ACCOUNT_SID: h.fake.accountSid,
        TWILIO_AUTH_TOKEN: h.fake.authToken,
        TWILIO_API_BASE: h.fake.url,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  child.on("exit", () => children.delete(child));
  let output = "";
  const withOutput = Object.assign(child, { output: () => output });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in time:\n${output}`)), 90_000);
    child.stdout!.on("data", (buf: Buffer) => {
      output += buf.toString();
      if (output.includes("worker ready")) {
        clearTimeout(timer);
        resolve(withOutput);
      }
    });
    child.stderr!.on("data", (buf: Buffer) => (output += buf.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before it was ready:\n${output}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });

async function leadWithFollowUps(steps: [number, "quote" | "reminder" | "last"][]) {
  const s = await seedLeadWithNumber();
  await saveAutomationSettings(db, s.org.id, {
    quietHours: { start: "00:00", end: "24:00" },
    followUpSteps: steps.map(([delayMinutes, template]) => ({ delayMinutes, template })),
  });
  return s;
}

const completed = (workflowId: string) =>
  waitFor(
    async () => {
      const [row] = await db.select().from(followUpSequence).where(eq(followUpSequence.workflowId, workflowId));
      return row?.status === "completed" ? row : null;
    },
    "the sequence to complete",
    120_000,
  );

async function statusOf(workflowId: string) {
  const res = await db.execute<{ status: string; executor_id: string }>(
    sql`select status, executor_id from ${sql.identifier(h.iso.schema)}.workflow_status where workflow_uuid = ${workflowId}`,
  );
  return res.rows[0];
}

const succeeded = (workflowId: string) =>
  waitFor(async () => {
    const s = await statusOf(workflowId);
    return s?.status === "SUCCESS" ? s : null;
  }, "the workflow to succeed");

const suffix = h.iso.executorId;

describe("workflows move between processes", () => {
  it("SIGTERM: the worker exits 0 in its bound and another worker finishes its sleeping workflow", async () => {
    const s = await leadWithFollowUps([
      [0, "quote"],
      [1, "reminder"],
    ]);
    const first = await startWorker(`a-${suffix}`);
    const workflowId = await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "sigterm" });
    await waitFor(async () => h.fake.messagesTo(s.phone).length >= 1, "the first text", 90_000);
    expect((await statusOf(workflowId))?.executor_id).toBe(`a-${suffix}`);

    const t0 = Date.now();
    first.kill("SIGTERM");
    const exit = await exited(first);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(15_000);
    // Handed back: waiting on the queue for any process, no longer held by the stopped one.
    expect((await statusOf(workflowId))?.status).toBe("ENQUEUED");

    const second = await startWorker(`b-${suffix}`);
    await completed(workflowId);
    // The sequence row says completed a moment before DBOS records the workflow's end.
    expect(await succeeded(workflowId)).toMatchObject({ status: "SUCCESS", executor_id: `b-${suffix}` });
    second.kill("SIGTERM");
    expect(await exited(second)).toEqual({ code: 0, signal: null });
    expect(h.fake.messagesTo(s.phone)).toHaveLength(2);
  }, 300_000);

  it("SIGKILL: a worker under another name resumes the dead one's workflow, each text once", async () => {
    const s = await leadWithFollowUps([
      [0, "quote"],
      [1, "reminder"],
    ]);
    const doomed = await startWorker(`c-${suffix}`);
    const workflowId = await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "sigkill" });
    await waitFor(async () => h.fake.messagesTo(s.phone).length >= 1, "the first text", 90_000);
    doomed.kill("SIGKILL");
    await exited(doomed);
    expect(await statusOf(workflowId)).toMatchObject({ status: "PENDING", executor_id: `c-${suffix}` });

    const rescuer = await startWorker(`d-${suffix}`);
    await completed(workflowId);
    expect(await succeeded(workflowId)).toMatchObject({ status: "SUCCESS", executor_id: `d-${suffix}` });
    rescuer.kill("SIGTERM");
    expect(await exited(rescuer)).toEqual({ code: 0, signal: null });
    const texts = h.fake.messagesTo(s.phone);
    expect(texts.map((t) => t.body.match(/thanks for contacting|just checking in/)?.[0])).toEqual([
      "thanks for contacting",
      "just checking in",
    ]);
  }, 300_000);
});
