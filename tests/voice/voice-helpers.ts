import { and, eq } from "drizzle-orm";
import { afterAll, expect } from "vitest";

import { db } from "@/server/db/client";
import { conversation, facility, message, type WeeklyHours } from "@/server/db/schema";
import { parseTwiml, type TwimlNode } from "@/server/channels/simulator/twiml-parse";
import { closeJobsClient } from "@/server/jobs/client";

import { callerFor, seedOrganization, type TestOrg } from "../factories";
import { OPEN_NOW, seedAgentFacility } from "../agent/seed";
import { isolateWorkflows } from "../jobs-harness";
import { randomSid, randomUsNumber, twilioPost } from "../twilio-webhooks";

export { OPEN_NOW };

/**
 * For a file that posts to the voice webhooks: requests are signed with the local key the call
 * simulator uses (Twilio not configured), and the workflows they start run in a schema of the
 * file's own, dropped at the end. Call it at the top level of the test file.
 */
export function voiceWebhookTests(): void {
  delete process.env.TWILIO_ACCOUNT_SID;
  delete process.env.TWILIO_AUTH_TOKEN;
  const workflows = isolateWorkflows();
  afterAll(async () => {
    await closeJobsClient();
    await workflows.dropSchema();
  });
}

/** A webhook's 200 answer, parsed as TwiML. */
export async function twiml(res: Response): Promise<TwimlNode> {
  expect(res.status).toBe(200);
  return parseTwiml(await res.text());
}

/** Open around the clock every day, so transfers work whatever time the test runs. */
export const ALWAYS_OPEN: WeeklyHours = Object.fromEntries(
  ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "00:00", close: "23:59" }]]),
);

export interface VoiceSetup {
  org: TestOrg;
  facilityId: string;
  number: string;
  phoneNumberId: string;
}

/** An organization with a facility (open 24/7 unless `hours` says otherwise) and a number assigned to it. */
export async function orgWithVoiceNumber(
  opts: { hours?: WeeklyHours; voiceMode?: "gather" | "relay"; transferPhone?: string | null } = {},
): Promise<VoiceSetup> {
  const org = await seedOrganization();
  const { facility: f } = await seedAgentFacility(org.id, { transferPhone: opts.transferPhone });
  await db
    .update(facility)
    .set({ officeHours: opts.hours ?? ALWAYS_OPEN })
    .where(eq(facility.id, f.id));
  const owner = await callerFor(org.owner);
  const row = await owner.phoneNumbers.attach({ phoneNumber: randomUsNumber(512), facilityId: f.id });
  if (opts.voiceMode)
    await owner.phoneNumbers.assign({ phoneNumberId: row.id, facilityId: f.id, voiceMode: opts.voiceMode });
  return { org, facilityId: f.id, number: row.e164, phoneNumberId: row.id };
}

/** Twilio's documented incoming-call parameters. */
export function incomingCallParams(input: { to: string; from?: string; callSid?: string }): Record<string, string> {
  return {
    CallSid: input.callSid ?? randomSid("CA"),
    AccountSid: randomSid("AC"),
    From: input.from ?? randomUsNumber(650),
    To: input.to,
    CallStatus: "ringing",
    Direction: "inbound",
    ApiVersion: "2010-04-01",
    Caller: input.from ?? "",
    Called: input.to,
    FromCity: "SAN FRANCISCO",
    FromState: "CA",
    FromCountry: "US",
    ToCountry: "US",
  };
}

/** A signed POST to a URL we handed Twilio (absolute, from TwiML): path and query are kept. */
export function postTo(url: string, params: Record<string, string>, opts: Parameters<typeof twilioPost>[2] = {}) {
  const u = new URL(url);
  return twilioPost(`${u.pathname}${u.search}`, params, opts);
}

export const conversationsOf = (orgId: string) =>
  db.select().from(conversation).where(eq(conversation.organizationId, orgId));
export const messagesOf = (conversationId: string) =>
  db.select().from(message).where(eq(message.conversationId, conversationId)).orderBy(message.seq);
export const conversationBySid = async (orgId: string, callSid: string) =>
  (
    await db
      .select()
      .from(conversation)
      .where(and(eq(conversation.organizationId, orgId), eq(conversation.externalId, callSid)))
  )[0] ?? null;
