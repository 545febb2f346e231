import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { POST as smsWebhook } from "@/app/api/twilio/sms/route";
import { closeIdleSmsThreads } from "@/server/channels/close-idle";
import { db } from "@/server/db/client";
import { conversation, customer, lead } from "@/server/db/schema";
import { workflowAdmin } from "@/server/jobs/client";
import { workflowIds } from "@/server/jobs/names";

import { setUpWorkflowTests } from "../jobs-harness";
import { inboundSmsParams, randomSid, randomUsNumber, twilioPost } from "../twilio-webhooks";
import { seedAgentFacility } from "../agent/seed";
import { callerFor, seedOrganization } from "../factories";

/**
 * An SMS thread has no hang-up either: once it has been quiet for its whole window (a day, after
 * which a text starts a new thread anyway) the sweep closes it like a finished call, and its
 * post-conversation work runs (outcome, summary, follow-ups). A thread still in its window stays open.
 */
setUpWorkflowTests({ timeScale: 0.05 });

/** An organization with the agent's test facility and a number bought through the harness's fake Twilio. */
async function orgWithNumber() {
  const org = await seedOrganization();
  const { facility } = await seedAgentFacility(org.id);
  const owner = await callerFor(org.owner);
  const [available] = await owner.phoneNumbers.searchAvailable({ areaCode: 512 });
  const bought = await owner.phoneNumbers.buy({ phoneNumber: available!.phoneNumber, facilityId: facility.id });
  return { org, number: bought.e164 };
}

async function text(to: string, from: string, body: string) {
  const res = await smsWebhook(
    twilioPost(
      "/api/twilio/sms",
      inboundSmsParams({ from, to, body, accountSid: randomSid("AC"), messageSid: randomSid("SM") }),
    ),
  );
  expect(res.status).toBe(200);
}

const threadOf = async (orgId: string, from: string) =>
  (
    await db
      .select()
      .from(conversation)
      .where(
        and(
          eq(conversation.organizationId, orgId),
          eq(conversation.channel, "sms"),
          eq(conversation.fromAddress, from),
        ),
      )
  )[0]!;

describe("idle SMS threads", () => {
  it("closes a thread quiet for a day with its outcome and post-conversation summary, and leaves a recent one open", async () => {
    const s = await orgWithNumber();
    const quietPhone = randomUsNumber(650);
    const freshPhone = randomUsNumber(650);
    await text(s.number, quietPhone, "how much is a 10x10?");
    await text(s.number, freshPhone, "what are your hours?");
    const quiet = await threadOf(s.org.id, quietPhone);
    await db
      .update(conversation)
      .set({ startedAt: sql`now() - interval '25 hours'`, updatedAt: sql`now() - interval '24 hours 58 minutes'` })
      .where(eq(conversation.id, quiet.id));

    expect((await closeIdleSmsThreads()).closed).toBeGreaterThanOrEqual(1);
    const closed = await threadOf(s.org.id, quietPhone);
    expect(closed).toMatchObject({ status: "ended", providerStatus: "idle", durationSeconds: 120 });
    expect((await threadOf(s.org.id, freshPhone)).status).toBe("active");

    await (await workflowAdmin()).retrieveWorkflow(workflowIds.postConversation(quiet.id)).getResult();
    const after = await threadOf(s.org.id, quietPhone);
    expect(after.summary).toBeTruthy();
    // The texter heard a price and never answered again: their number is known, so the thread ends
    // as a quoted lead with the size they asked about (issue 21: no caller lost), not just an answer.
    expect(after.outcome).toBe("lead");
    const [l] = await db
      .select({
        source: lead.source,
        status: lead.status,
        w: lead.desiredWidthFt,
        l: lead.desiredLengthFt,
        phone: customer.phone,
      })
      .from(lead)
      .innerJoin(customer, eq(customer.id, lead.customerId))
      .where(and(eq(lead.organizationId, s.org.id), eq(customer.phone, quietPhone)));
    expect(l).toEqual({ source: "sms", status: "quoted", w: 10, l: 10, phone: quietPhone });
    // The texter who only asked the hours is no lead.
    const fresh = await db
      .select()
      .from(customer)
      .where(and(eq(customer.organizationId, s.org.id), eq(customer.phone, freshPhone)));
    expect(fresh).toHaveLength(0);
  }, 120_000);
});
