import { randomBytes } from "node:crypto";

import { sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";

import { db } from "@/server/db/client";
import { customer, facility, lead, unitType } from "@/server/db/schema";
import { closeJobsClient } from "@/server/jobs/client";
import { launchWorkflows, shutdownWorkflows } from "@/server/jobs/dbos";

import { callerFor, seedOrganization, unique, type TestOrg } from "./factories";
import { startFakeTwilio, type FakeTwilio } from "./fakes/twilio-server";
import { randomUsNumber } from "./twilio-webhooks";

/**
 * Helpers for workflow tests. Each test file gets DBOS system tables of its own (a separate schema
 * in the test database) and its own executor id, so parallel files never recover or dequeue each
 * other's workflows.
 */
export function isolateWorkflows(opts: { timeScale?: number } = {}) {
  const id = randomBytes(4).toString("hex");
  process.env.DBOS_SYSTEM_SCHEMA = `dbos_test_${id}`;
  process.env.DBOS_EXECUTOR_ID = `test-${id}`;
  process.env.DBOS_APP_NAME = `storage-agent-test-${id}`;
  // The app's cron workflows sweep every organization's webhooks; other test files own theirs.
  process.env.DISABLE_SCHEDULES = "true";
  if (opts.timeScale) process.env.WORKFLOW_TIME_SCALE = String(opts.timeScale);
  return {
    schema: process.env.DBOS_SYSTEM_SCHEMA,
    executorId: process.env.DBOS_EXECUTOR_ID,
    appName: process.env.DBOS_APP_NAME,
    async dropSchema() {
      await db.execute(sql.raw(`drop schema if exists "${process.env.DBOS_SYSTEM_SCHEMA}" cascade`));
    },
  };
}

export interface WorkflowHarness {
  iso: ReturnType<typeof isolateWorkflows>;
  /** The fake Twilio API the workflows send through (set once the file's beforeAll ran). */
  readonly fake: FakeTwilio;
}

/**
 * The whole setup of a workflow test file, registered as its beforeAll/afterAll: DBOS tables of its
 * own (`isolateWorkflows`), the fake Twilio API in the environment with status callbacks going
 * nowhere, and DBOS launched in this process (`launch: false` when the test runs the workflows in a
 * child process, like the crash test). Call it once at the top level of the file.
 */
export function setUpWorkflowTests(opts: { timeScale?: number; launch?: boolean } = {}): WorkflowHarness {
  const iso = isolateWorkflows(opts);
  let fake: FakeTwilio | undefined;
  beforeAll(async () => {
    fake = await startFakeTwilio();
    fake.useInEnv();
    quietCallbacks(fake);
    if (opts.launch !== false) await launchWorkflows({ role: "test" });
  }, 120_000);
  afterAll(async () => {
    await (opts.launch !== false ? shutdownWorkflows() : closeJobsClient());
    await iso.dropSchema();
    await fake?.close();
  });
  return {
    iso,
    get fake() {
      if (!fake)
        throw new Error(
          "the workflow harness's fake Twilio is not started yet (use it inside tests, not at load time)",
        );
      return fake;
    },
  };
}

/** Polls until `check` returns a truthy value (generous default: CI machines are slow). */
export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 150,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface LeadSetup {
  org: TestOrg;
  facilityId: string;
  unitTypeId: string;
  customerId: string;
  leadId: string;
  phone: string;
  senderNumber: string;
}

/** An organization with a Twilio number (bought through the fake), a facility, a unit type and a lead with a phone. */
export async function seedLeadWithNumber(opts: { timeZone?: string; name?: string } = {}): Promise<LeadSetup> {
  const org = await seedOrganization();
  const owner = await callerFor(org.owner);
  const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 415 });
  const bought = await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber });
  const [f] = await db
    .insert(facility)
    .values({
      organizationId: org.id,
      name: `Facility ${unique("f")}`,
      slug: unique("fac"),
      timeZone: opts.timeZone ?? "America/New_York",
    })
    .returning();
  const [ut] = await db
    .insert(unitType)
    .values({
      organizationId: org.id,
      facilityId: f!.id,
      name: "10x10",
      widthFt: 10,
      lengthFt: 10,
      streetRateCents: 12900,
      webRateCents: 11900,
    })
    .returning();
  const phone = randomUsNumber(650);
  const [c] = await db
    .insert(customer)
    .values({ organizationId: org.id, name: opts.name ?? "Dana Lee", phone })
    .returning();
  const [l] = await db
    .insert(lead)
    .values({
      organizationId: org.id,
      customerId: c!.id,
      facilityId: f!.id,
      source: "call",
      status: "quoted",
      desiredUnitTypeId: ut!.id,
    })
    .returning();
  return {
    org,
    facilityId: f!.id,
    unitTypeId: ut!.id,
    customerId: c!.id,
    leadId: l!.id,
    phone,
    senderNumber: bought.e164,
  };
}

/** Status callbacks from the fake go nowhere: these tests count what reached "Twilio". */
export function quietCallbacks(fake: FakeTwilio) {
  fake.setDeliver(async () => {});
}
