import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { followUp, followUpSequence, smsMessage } from "@/server/db/schema";
import { startFollowUps } from "@/server/jobs/follow-ups";
import { saveAutomationSettings } from "@/server/jobs/settings";

import { seedLeadWithNumber, setUpWorkflowTests, waitFor } from "../../../tests/jobs-harness";

/**
 * The exactly-once proof (issue 6): `npm run worker` runs as a child process against the fake
 * Twilio API, is killed with SIGKILL in the middle of a follow-up sequence, is started again under
 * the same executor id, and the sequence finishes with every text received by "Twilio" once.
 */
const TIME_SCALE = 0.05; // 1 configured minute = 3 s
const h = setUpWorkflowTests({ timeScale: TIME_SCALE, launch: false });
const { iso } = h;
const root = path.resolve(import.meta.dirname, "../../..");
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
});

function startWorker(): Promise<ChildProcess> {
  // What the tsx CLI runs, minus its supervising parent: SIGKILL must hit the worker itself.
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
        DATABASE_URL: process.env.DATABASE_URL,
        DBOS_SYSTEM_SCHEMA: iso.schema,
        DBOS_EXECUTOR_ID: iso.executorId,
        DBOS_APP_NAME: iso.appName,
        WORKFLOW_TIME_SCALE: String(TIME_SCALE),
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

/** A lead whose follow-ups (always inside the window) are the given templates at the given minutes. */
async function leadWithFollowUps(steps: [number, "quote" | "reminder" | "last"][]) {
  const s = await seedLeadWithNumber();
  await saveAutomationSettings(db, s.org.id, {
    quietHours: { start: "00:00", end: "24:00" },
    followUpSteps: steps.map(([delayMinutes, template]) => ({ delayMinutes, template })),
  });
  return s;
}

const completedSequence = (workflowId: string) =>
  waitFor(
    async () => {
      const [row] = await db.select().from(followUpSequence).where(eq(followUpSequence.workflowId, workflowId));
      return row?.status === "completed" ? row : null;
    },
    "the sequence to complete",
    120_000,
  );

describe("exactly once across a crash", () => {
  it("finishes a follow-up sequence after SIGKILL with each text sent once", async () => {
    const s = await leadWithFollowUps([
      [0, "quote"],
      [2, "reminder"],
      [5, "last"],
    ]);

    let worker = await startWorker();
    const workflowId = await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "crash-test" });
    // The first text went out; the workflow now sleeps towards the second. Kill it there.
    await waitFor(async () => h.fake.messagesTo(s.phone).length >= 1, "the first text", 90_000);
    await kill(worker);
    const beforeRestart = h.fake.messagesTo(s.phone).length;
    expect(beforeRestart).toBeLessThanOrEqual(2);

    worker = await startWorker();
    // Kill it once more after the next text, for good measure, then let a third process finish.
    await waitFor(async () => h.fake.messagesTo(s.phone).length >= 2, "the second text", 90_000);
    await kill(worker);
    worker = await startWorker();

    const seq = await completedSequence(workflowId);
    expect(seq.status).toBe("completed");
    await kill(worker);

    const texts = h.fake.messagesTo(s.phone);
    expect(texts).toHaveLength(3);
    expect(texts.map((t) => t.body.match(/thanks for contacting|just checking in|last note/)?.[0])).toEqual([
      "thanks for contacting",
      "just checking in",
      "last note",
    ]);
    const rows = await db
      .select()
      .from(followUp)
      .where(eq(followUp.sequenceId, seq.id))
      .orderBy(asc(followUp.stepIndex));
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  }, 400_000);

  it("does not send a text twice when the process dies after Twilio accepted it and before we recorded that", async () => {
    const s = await leadWithFollowUps([
      [0, "quote"],
      [1, "reminder"],
    ]);
    let worker = await startWorker();
    // The moment "Twilio" has stored the first text, before it answers: the worker dies.
    let killed = false;
    h.fake.onMessageAccepted(async (m) => {
      if (killed || m.to !== s.phone) return;
      killed = true;
      await kill(worker);
      return "cut";
    });
    const workflowId = await startFollowUps({ organizationId: s.org.id, leadId: s.leadId, trigger: "lost-answer" });
    await waitFor(async () => killed && worker.signalCode === "SIGKILL", "the worker to die mid-send", 90_000);
    h.fake.onMessageAccepted(null);
    expect(h.fake.messagesTo(s.phone)).toHaveLength(1);
    const [pending] = await db.select().from(smsMessage).where(eq(smsMessage.to, s.phone));
    expect(pending).toMatchObject({ status: "pending", twilioSid: null });

    worker = await startWorker();
    const seq = await completedSequence(workflowId);
    await kill(worker);

    const texts = h.fake.messagesTo(s.phone);
    expect(texts.map((t) => t.body.match(/thanks for contacting|just checking in/)?.[0])).toEqual([
      "thanks for contacting",
      "just checking in",
    ]);
    // The restarted worker asked Twilio instead of sending again, and recorded the sid it found.
    expect(
      h.fake.requests.some((r) => r.method === "GET" && r.path.endsWith("/Messages.json") && r.query.To === s.phone),
    ).toBe(true);
    const rows = await db
      .select()
      .from(smsMessage)
      .where(eq(smsMessage.to, s.phone))
      .orderBy(asc(smsMessage.createdAt));
    expect(rows.map((r) => r.twilioSid)).toEqual(texts.map((t) => t.sid));
    const followUps = await db
      .select()
      .from(followUp)
      .where(eq(followUp.sequenceId, seq.id))
      .orderBy(asc(followUp.stepIndex));
    expect(followUps.map((r) => [r.status, r.smsMessageId])).toEqual(rows.map((r) => ["sent", r.id]));
  }, 400_000);
});
