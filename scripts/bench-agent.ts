/**
 * npm run bench:agent: p50/p99 of one default-brain turn, in process, against the configured
 * database (the embedded one when DATABASE_URL is unset). Seeds a throwaway organization with a
 * facility, then plays a corpus of caller utterances through startConversation/respond, timing
 * every respond() call end to end (transaction, row lock, NLU, policy, tools, message inserts).
 * Target: p99 ≤ 10 ms.
 */
import { randomBytes } from "node:crypto";

import { eq, sql } from "drizzle-orm";

import { respond, startConversation } from "@/server/agent/engine";
import { ensureDatabase } from "@/server/db/bootstrap";
import { closeDb, db } from "@/server/db/client";
import { organization } from "@/server/db/schema";

import { OPEN_NOW, seedAgentFacility } from "../tests/agent/seed";
import { sentIn, type Sent } from "../tests/round-trips";

/** Each line is one conversation; turns are separated by " | ". */
const CORPUS = [
  "hi | how much is a ten by ten | do you have anything smaller | what are your hours | thanks bye",
  "i need a unit for a two bedroom apartment | how much is it | yes i want to reserve it | next saturday | john smith | yes | no | yes | no thats all",
  "where are you located | what are the gate hours | do you have any specials | do i need insurance | bye",
  "what do i need to bring to move in | can i store a car | do you sell boxes | ok thanks",
  "i need my gate code | mary jones | 512 555 0100 | bye",
  "can i talk to a person | um yeah | bye",
  "cuanto cuesta una bodega de diez por diez | si | el sabado | me llamo juan perez | si | no | si",
  "blah blah | uh what | | | hello",
  "i want to pay my bill | ann lee | bye",
  "do you have climate controlled ten by twenty | what about a five by ten | i'd like to book it | tomorrow | sara connor | no | 512 555 0199 | sara at example dot com | yes",
];

/**
 * Statements and round trips per turn (scripts/bench/round-trips.ts): figures a busy machine cannot
 * inflate, counted in the turn's own async context. Work a turn leaves for later (the outbox drain
 * 25 ms after a booking's commit) counts for that turn's context after its figure was read, so it
 * never lands on the next.
 */
const { embedded } = await ensureDatabase();
const orgId = `bench-${randomBytes(6).toString("hex")}`;
await db.insert(organization).values({ id: orgId, name: "Bench Storage", slug: orgId });
try {
  const { facility } = await seedAgentFacility(orgId, { units: 50 });
  const times: number[] = [];
  const nlu: number[] = [];
  const tools: number[] = [];
  const trips: number[] = [];
  const statements: number[] = [];
  const slow: { ms: number; text: string; tools: string; trips: number; statements: number }[] = [];
  const rounds = Number(process.env.BENCH_ROUNDS ?? 8);
  // One warm-up round: compiles the intent model and fills the connection pool.
  for (let round = 0; round <= rounds; round++) {
    for (const [i, line] of CORPUS.entries()) {
      const from = `+1512555${String(1000 + ((round * CORPUS.length + i) % 9000)).padStart(4, "0")}`;
      const start = await startConversation({
        organizationId: orgId,
        channel: i % 3 === 0 ? "chat" : "voice",
        facilityId: facility.id,
        fromAddress: from,
        now: OPEN_NOW,
      });
      for (const text of line.split("|").map((x) => x.trim())) {
        const counter: Sent = { statements: 0, roundTrips: 0 };
        const t0 = performance.now();
        const turn = await sentIn.run(counter, () =>
          respond({
            organizationId: orgId,
            conversationId: start.conversationId,
            text,
            now: OPEN_NOW,
            brain: "default",
          }),
        );
        if (round === 0) continue;
        const ms = performance.now() - t0;
        trips.push(counter.roundTrips);
        statements.push(counter.statements);
        times.push(ms);
        nlu.push(turn.timings.nluMs ?? 0);
        tools.push(turn.timings.toolsMs ?? 0);
        slow.push({
          ms,
          text,
          tools: turn.actions.map((a) => a.name).join(","),
          trips: counter.roundTrips,
          statements: counter.statements,
        });
      }
    }
  }
  // The database round trip sets the floor: a call's turn that only talks needs two (BEGIN with the
  // tenant role sent with the row lock, the store with COMMIT behind it; a chat's three: its COMMIT
  // on its own; docs/agent.md, Performance).
  const rtt: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await db.execute(sql`select 1`);
    rtt.push(performance.now() - t0);
  }
  rtt.sort((a, b) => a - b);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  const fmt = (x: number) => `${x.toFixed(2)} ms`;
  console.log(`default-brain turns: ${times.length}`);
  console.log(`p50 ${fmt(pct(50))}  p90 ${fmt(pct(90))}  p99 ${fmt(pct(99))}  max ${fmt(times.at(-1)!)}`);
  console.log(
    `database round trips per turn: mean ${mean(trips).toFixed(2)}, median ${median(trips)}, max ${Math.max(...trips)}`,
  );
  console.log(
    `statements per turn: mean ${mean(statements).toFixed(2)}, median ${median(statements)}, max ${Math.max(...statements)}`,
  );
  console.log(
    `median NLU ${fmt(median(nlu))}, median tools ${fmt(median(tools))}, database round trip p50 ${fmt(rtt[100]!)}`,
  );
  if (process.env.BENCH_VERBOSE)
    for (const x of slow.sort((a, b) => b.ms - a.ms).slice(0, 10))
      console.log(`  ${fmt(x.ms)}  ${x.trips} round trips, ${x.statements} statements  "${x.text}"  [${x.tools}]`);
  console.log(pct(99) <= 10 ? "p99 within the 10 ms target" : "p99 ABOVE the 10 ms target");
} finally {
  await db.delete(organization).where(eq(organization.id, orgId));
  await closeDb();
  await embedded?.stop();
}
