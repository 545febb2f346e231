import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { followUp, followUpSequence } from "@/server/db/schema";
import { closeJobsClient } from "@/server/jobs/client";
import { startFollowUps } from "@/server/jobs/follow-ups";
import { saveAutomationSettings } from "@/server/jobs/settings";

import { startFakeTwilio, type FakeTwilio } from "../../../tests/fakes/twilio-server";
import { isolateWorkflows, quietCallbacks, seedLeadWithNumber, waitFor } from "../../../tests/jobs-harness";

/**
 * The exactly-once proof (issue 6): `npm run worker` runs as a child process against the fake
 * Twilio API, is killed with SIGKILL in the middle of a follow-up sequence, is started again under
 * the same executor id, and the sequence finishes with every text received by "Twilio" once.
 */
const TIME_SCALE = 0.05; // 1 configured minute = 3 s
const iso = isolateWorkflows({ timeScale: TIME_SCALE });
const root = path.resolve(import.meta.dirname, "../../..");
let fake: FakeTwilio;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  fake = await startFakeTwilio();
  fake.useInEnv();
  quietCallbacks(fake);
});
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await closeJobsClient();
  await iso.dropSchema();
  await fake.close();
});

function startWorker(): Promise<ChildProcess> {
  // What the tsx CLI runs, minus its supervising parent: SIGKILL must hit the worker itself.
  const tsx = path.join(root, "node_modules/tsx/dist");
  const child = spawn(process.execPath, ["--require", path.join(tsx, "preflight.cjs"), "--import", `file://${path.join(tsx, "loader.mjs")}`, "scripts/worker.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      DATABASE_URL: process.env.DATABASE_URL,
      DBOS_SYSTEM_SCHEMA: iso.schema,
      DBOS_EXECUTOR_ID: iso.executorId,
      DBOS_APP_NAME: iso.appName,
      WORKFLOW_TIME_SCALE: String(TIME_SCALE),
      TWILIO_ACCOUNT_SID: fake.accountSid,
      TWILIO_AUTH_TOKEN: fake.authToken,
      TWILIO_API_BASE: fake.url,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start in time:\n${output}`)), 90_000);
    const onData = (buf: Buffer) => {
      output += buf.toString();
      if (output.includes("worker ready")) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (buf: Buffer) => (output += buf.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before it was ready:\n${output}`));
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("exactly once across a crash", () => {
  it("finishes a follow-up sequence after SIGKILL with each text sent once", async () => {
    const s = await seedLeadWithNumber();
    await saveAutomationSettings(db, s.org.id, {
      quietHours: { start: "00:00", end: "24:00" },
      followUpSteps: [
        { delayMinutes: 0, template: "quote" },
        { delayMinutes: 2, template: "reminder" },
        { delayMinutes: 5, template: "last" },
      ],
    });

    let worker = await startWorker();
    const workflowId = await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "crash-test" });
    // The first text went out; the workflow now sleeps towards the second. Kill it there.
    await waitFor(async () => fake.messagesTo(s.phone).length >= 1, "the first text", 90_000);
    await kill(worker);
    const beforeRestart = fake.messagesTo(s.phone).length;
    expect(beforeRestart).toBeLessThanOrEqual(2);

    worker = await startWorker();
    // Kill it once more after the next text, for good measure, then let a third process finish.
    await waitFor(async () => fake.messagesTo(s.phone).length >= 2, "the second text", 90_000);
    await kill(worker);
    worker = await startWorker();

    const seq = await waitFor(async () => {
      const [row] = await db.select().from(followUpSequence).where(eq(followUpSequence.workflowId, workflowId));
      return row?.status === "completed" ? row : null;
    }, "the sequence to complete", 120_000);
    expect(seq.status).toBe("completed");
    await kill(worker);

    const texts = fake.messagesTo(s.phone);
    expect(texts).toHaveLength(3);
    expect(texts.map((t) => t.body.match(/thanks for contacting|just checking in|last note/)?.[0])).toEqual(["thanks for contacting", "just checking in", "last note"]);
    const rows = await db.select().from(followUp).where(eq(followUp.sequenceId, seq.id)).orderBy(asc(followUp.stepIndex));
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  }, 400_000);
});
