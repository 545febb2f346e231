/**
 * npm run eval -- [--scenarios PATH] [--brain default|llm] [--filter TEXT] [--concurrency N] [--verbose] [--transcripts] [--keep]
 *
 * Plays the scenario files (evals/scenarios, see docs/agent.md "## Evaluation") against the
 * conversation engine on a real database (DATABASE_URL, or the embedded one), one fresh
 * organization per scenario, and judges each on its end state. Prints PASS/FAIL per scenario, task
 * success, held-out intent accuracy and entity F1, and turn latency p50/p99. Exits 1 when, for the
 * default brain, task success or intent accuracy is below 95%. --verbose prints the transcripts of
 * failures, --transcripts those of every scenario (to read how the agent answered new phrasings).
 */
import { parseArgs } from "node:util";

import { ensureDatabase } from "@/server/db/bootstrap";
import { closeDb } from "@/server/db/client";

import { loadScenarios, SCENARIOS_DIR } from "../evals/harness/load";
import { runScenarios, summarise, THRESHOLDS, transcript, type Brain } from "../evals/harness/run";

const { values } = parseArgs({
  options: {
    scenarios: { type: "string", default: SCENARIOS_DIR },
    brain: { type: "string", default: "default" },
    filter: { type: "string" },
    concurrency: { type: "string", default: "1" },
    verbose: { type: "boolean", default: false },
    transcripts: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
  allowPositionals: false,
});
if (values.brain !== "default" && values.brain !== "llm") {
  console.error(`--brain must be "default" or "llm", got "${values.brain}"`);
  process.exit(2);
}
const brain = values.brain as Brain;
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
  console.error("--concurrency must be an integer from 1 to 16");
  process.exit(2);
}

let scenarios;
try {
  scenarios = loadScenarios(values.scenarios);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
if (values.filter) {
  const f = values.filter.toLowerCase();
  scenarios = scenarios.filter((s) => s.id.includes(f) || s.tags.some((t) => t.toLowerCase() === f));
}
if (!scenarios.length) {
  console.error("No scenarios matched.");
  process.exit(2);
}

const { embedded } = await ensureDatabase();
let exitCode = 0;
try {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`Playing ${scenarios.length} scenario(s) with the ${brain} brain...`);
  const results = await runScenarios(scenarios, {
    brain,
    concurrency,
    keep: values.keep,
    onResult: (r) => {
      console.log(
        `${r.pass ? "PASS" : "FAIL"}  ${r.id}  (${r.turns.length} turns)${r.pass ? "" : `\n      ${r.failures.join("\n      ")}`}`,
      );
      if ((!r.pass && values.verbose) || values.transcripts) console.log(transcript(r));
    },
  });
  const s = summarise(results);
  console.log("");
  console.log(`task success      ${pct(s.taskSuccess)} (${s.passed}/${s.scenarios})`);
  console.log(
    `intent accuracy   ${pct(s.intentAccuracy)} (held-out ${s.intentHeldOut.correct}/${s.intentHeldOut.total})`,
  );
  console.log(
    `entity F1         ${pct(s.entityF1)} (precision ${pct(s.entityPrecision)}, recall ${pct(s.entityRecall)})`,
  );
  console.log(
    `turn latency      p50 ${s.latencyP50.toFixed(1)} ms, p99 ${s.latencyP99.toFixed(1)} ms over ${s.turns} turns`,
  );
  if (brain === "default") {
    const low: string[] = [];
    if (s.taskSuccess < THRESHOLDS.taskSuccess)
      low.push(`task success ${pct(s.taskSuccess)} < ${pct(THRESHOLDS.taskSuccess)}`);
    if (s.intentAccuracy < THRESHOLDS.intentAccuracy)
      low.push(`intent accuracy ${pct(s.intentAccuracy)} < ${pct(THRESHOLDS.intentAccuracy)}`);
    if (low.length) {
      console.log(`BELOW THRESHOLD: ${low.join("; ")}`);
      exitCode = 1;
    }
  }
} finally {
  await closeDb();
  await embedded?.stop();
}
process.exit(exitCode);
