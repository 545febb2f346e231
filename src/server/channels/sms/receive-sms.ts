import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { redactCardNumbers } from "@/server/agent/nlu";
import { replayableReply } from "@/server/agent/secrets";
import { recordUsage } from "@/server/billing/usage";
import { commitWithLastStatements, withOrg, type Transaction } from "@/server/db/client";
import { conversation, facility, organization, smsMessage, telephonySettings } from "@/server/db/schema";
import { messagingTwiml } from "@/server/integrations/twilio";
import { log } from "@/server/log";
import { toE164 } from "@/lib/normalize-phone";
import { routeByNumber, type NumberRoute } from "@/server/telephony/numbers";

import { handleInboundText, openThread } from "./inbound";
import {
  leaseExpiry,
  lockInbound,
  markAnswered,
  POLL_MS,
  REPLY_WAIT_MS,
  sleep,
  takeLease,
  whileHoldingLease,
} from "./reply-lease";
import { classifyKeyword, helpReply, isConversationalOptIn } from "./keywords";
import { leadsAwaitingReply, tellFollowUpsOfReply } from "./lead-reply";
import { isOptedOut, optIn, optOut } from "@/server/integrations/sms/opt-out";

/** The inbound-message parameters we use (Twilio sends more; see reference/twilio.md). */
export const ZInboundSms = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "MessageSid must be SM/MM followed by 32 hex digits"),
  AccountSid: z.string().optional(),
  From: z.string().min(1).max(64),
  To: z.string().min(1).max(64),
  Body: z.string().max(5000).default(""),
  OptOutType: z.string().optional(),
  NumMedia: z.string().optional(),
});
export type InboundSms = z.infer<typeof ZInboundSms>;

const APOLOGY = "Sorry, something went wrong on our side. A team member will follow up with you soon.";

/** The reply we stored for an inbound message: idempotency key `reply:<MessageSid>`. */
const replyKey = (messageSid: string) => `reply:${messageSid}`;

async function helpText(tx: Transaction, route: NumberRoute): Promise<string> {
  const [org] = await tx
    .select({ name: organization.name })
    .from(organization)
    .where(eq(organization.id, route.organizationId));
  const [settings] = await tx
    .select({ contact: telephonySettings.supportContact })
    .from(telephonySettings)
    .where(eq(telephonySettings.organizationId, route.organizationId));
  const [site] = route.facilityId
    ? await tx
        .select({ name: facility.name, phone: facility.phone })
        .from(facility)
        .where(and(eq(facility.id, route.facilityId), eq(facility.organizationId, route.organizationId)))
    : [];
  const contact = settings?.contact ?? (site?.phone ? `call ${site.phone}` : null);
  return helpReply({
    organizationName: org?.name ?? "Storage",
    facilityName: site?.name ?? null,
    contact,
    ourNumber: route.e164,
  });
}

/**
 * The reply stored for `messageSid` (null: none was sent), to send again. A reply that gave a gate
 * code is stored with a placeholder: it is sent as an apology asking again, never as "[gate code]".
 */
async function storedReply(tx: Transaction, orgId: string, messageSid: string): Promise<string | null> {
  const [reply] = await tx
    .select({ body: smsMessage.body, state: conversation.state })
    .from(smsMessage)
    .leftJoin(
      conversation,
      and(eq(conversation.organizationId, smsMessage.organizationId), eq(conversation.id, smsMessage.conversationId)),
    )
    .where(and(eq(smsMessage.organizationId, orgId), eq(smsMessage.idempotencyKey, replyKey(messageSid))));
  if (!reply) return null;
  const language = (reply.state as { language?: unknown } | null)?.language === "es" ? "es" : "en";
  return replayableReply(reply.body, { language });
}

interface ReplyRow {
  route: NumberRoute;
  to: string;
  body: string;
  messageSid: string;
  conversationId: string | null;
}

async function storeReply(tx: Transaction, r: ReplyRow) {
  await tx
    .insert(smsMessage)
    .values({
      organizationId: r.route.organizationId,
      direction: "out",
      from: r.route.e164,
      to: r.to,
      body: r.body,
      status: "twiml",
      statusHistory: [{ status: "twiml", at: new Date().toISOString() }],
      idempotencyKey: replyKey(r.messageSid),
      phoneNumberId: r.route.phoneNumberId,
      facilityId: r.route.facilityId,
      conversationId: r.conversationId,
    })
    .onConflictDoNothing({ target: [smsMessage.organizationId, smsMessage.idempotencyKey] });
}

type Job =
  { kind: "reply"; reply: string | null } | { kind: "run"; id: string; thread: string | null; agentHandled?: boolean };

/**
 * A redelivery of a text that is not answered yet: wait while the delivery holding the lease works
 * (then return its reply), or take the lease over when that delivery is gone, and run the turn.
 */
async function awaitOrTakeOver(orgId: string, messageSid: string): Promise<Job> {
  const deadline = Date.now() + REPLY_WAIT_MS;
  for (;;) {
    const job = await withOrg(orgId, async (tx): Promise<Job | null> => {
      const row = await lockInbound(tx, orgId, messageSid);
      if (!row) return { kind: "reply", reply: null };
      if (row.answeredAt) return { kind: "reply", reply: await storedReply(tx, orgId, messageSid) };
      if (!row.leaseLive && (await takeLease(tx, orgId, row.id)))
        return { kind: "run", id: row.id, thread: row.conversationId };
      return null;
    });
    if (job) return job;
    // Still being answered after Twilio's patience: its own delivery will carry the reply, if any.
    if (Date.now() > deadline) return { kind: "reply", reply: null };
    await sleep(POLL_MS);
  }
}

/**
 * One authenticated inbound text: store it once (MessageSid is unique), honour STOP/START/HELP,
 * otherwise ask the agent for a reply. Returns TwiML. Nothing is ever sent to a phone that has
 * opted out. Twilio's retry of the same MessageSid gets the stored reply once one was stored; a
 * retry of a text whose first delivery died before replying runs the turn (reply-lease.ts).
 */
export async function receiveSms(
  sms: InboundSms,
  /** The route of `sms.To` when the caller already has it (the webhook found it with the signature's owner). */
  routed?: NumberRoute | null,
): Promise<string> {
  const route = routed === undefined ? await routeByNumber(sms.To) : routed;
  if (!route) {
    log.warn({ to: sms.To, messageSid: sms.MessageSid }, "inbound text to a number no organization has: ignored");
    return messagingTwiml(null);
  }
  const from = toE164(sms.From) ?? sms.From; // short codes and alphanumeric senders stay as sent
  const orgId = route.organizationId;
  const keywordSaid = classifyKeyword(sms.Body, sms.OptOutType);
  // "YES" from a phone that never opted out (or already opted back in) answers the agent.
  const keyword =
    isConversationalOptIn(keywordSaid) && !(await withOrg(orgId, (tx) => isOptedOut(tx, orgId, from)))
      ? null
      : keywordSaid;
  // Card numbers are never stored, like in the agent's transcript (staff, the API and webhooks read both).
  const body = redactCardNumbers(sms.Body);

  const now = new Date();
  const first = await withOrg(orgId, async (tx) => {
    // A text the agent will answer joins the phone's open thread as it is stored (no second write);
    // a keyword or a text from an opted-out phone gets no turn, so no thread, as before. Both reads
    // go out together (the pool pipelines them, with BEGIN: one round trip); the thread is only a
    // read, so reading it for a phone that turns out to have opted out changes nothing.
    const [optedOutBefore, openFound] = keyword
      ? [null, null]
      : await Promise.all([
          isOptedOut(tx, orgId, from),
          openThread(tx, { organizationId: orgId, from, to: route.e164 }, now),
        ]);
    const turnAhead = !keyword && !optedOutBefore;
    const open = turnAhead ? openFound : null;
    const thread = open?.id ?? null;
    // A keyword is not an answer to our follow-ups (STOP ends them anyway: nothing is sent to an
    // opted-out phone). Looked up on a retry too: the first delivery may have died before telling.
    // A read of other tables, written in the same round trip as the text's insert.
    const replyingLeadsRead = keyword ? Promise.resolve([]) : leadsAwaitingReply(tx, orgId, from);
    const insertStored = tx
      .insert(smsMessage)
      .values({
        organizationId: orgId,
        direction: "in",
        from,
        to: route.e164,
        body,
        twilioSid: sms.MessageSid,
        status: "received",
        statusHistory: [{ status: "received", at: new Date().toISOString() }],
        phoneNumberId: route.phoneNumberId,
        facilityId: route.facilityId,
        conversationId: thread,
        // The delivery that stored the text answers it; the lease says it is alive.
        replyLeaseUntil: turnAhead ? leaseExpiry() : null,
      })
      .onConflictDoNothing({ target: smsMessage.twilioSid })
      .returning({ id: smsMessage.id });
    // A text for the agent writes nothing after these two (the opt-out was read above, no keyword to
    // act on), so its COMMIT goes out behind them, in their round trip.
    if (turnAhead) commitWithLastStatements(tx, 2);
    const [[stored], replyingLeads] = await Promise.all([insertStored, replyingLeadsRead]);
    if (!stored) return { job: null, replyingLeads };
    if (keyword?.kind === "opt_out") await optOut(tx, orgId, from, keyword.keyword);
    if (keyword?.kind === "opt_in") await optIn(tx, orgId, from);
    // Only a keyword changes consent (STOP, START), so only then is it read again.
    const optedOut = optedOutBefore ?? (await isOptedOut(tx, orgId, from));
    if (keyword || optedOut) {
      // Decided here, in the transaction that stores the text, so no crash can leave it unanswered.
      // STOP and START get no reply of ours: Twilio sends the carrier-required confirmation itself.
      // An opted-out phone's text is stored for staff to read, but never answered.
      const help = keyword?.kind === "help" ? await helpText(tx, route) : null;
      const reply = optedOut ? null : help;
      if (optedOut && help)
        log.info({ organizationId: orgId, messageSid: sms.MessageSid }, "reply suppressed: sender has opted out");
      if (reply)
        await storeReply(tx, { route, to: from, body: reply, messageSid: sms.MessageSid, conversationId: null });
      await markAnswered(tx, orgId, stored.id);
      return { job: { kind: "reply" as const, reply }, replyingLeads };
    }
    return {
      job: { kind: "run" as const, id: stored.id, thread, agentHandled: open?.handler === "agent" },
      replyingLeads,
    };
  });
  await tellFollowUpsOfReply(orgId, first.replyingLeads, body, sms.MessageSid);
  const job = first.job ?? (await awaitOrTakeOver(orgId, sms.MessageSid));
  if (job.kind === "reply") return messagingTwiml(job.reply);

  let reply: string | null;
  /** The reply as stored: a gate code it carries is a placeholder (agent/secrets.ts). */
  let storedText: string | null = null;
  let conversationId: string | null = job.thread;
  /** The agent answered (not our apology): one metered message. */
  let answered = false;
  try {
    const answer = await whileHoldingLease(orgId, job.id, () =>
      handleInboundText(
        {
          organizationId: orgId,
          facilityId: route.facilityId,
          from,
          to: route.e164,
          body,
          messageSid: sms.MessageSid,
          conversationId: job.thread,
          agentHandled: job.agentHandled,
        },
        now,
      ),
    );
    reply = answer.text;
    storedText = answer.stored;
    conversationId = answer.conversationId;
    answered = !!reply;
  } catch (err) {
    log.error({ err: String(err), organizationId: orgId, messageSid: sms.MessageSid }, "inbound text handler failed");
    reply = APOLOGY;
    storedText = APOLOGY;
  }

  await withOrg(orgId, async (tx) => {
    // One answered inbound text is one metered message (docs/billing.md), once per MessageSid, in
    // the transaction that stores the reply and marks the text answered: a retried delivery gets
    // the stored reply, and a second run of this transaction adds nothing. The three writes are
    // independent: they go out together, behind BEGIN, in one round trip (any one failing fails
    // the transaction, and all roll back). They are its last statements: COMMIT goes out behind them.
    commitWithLastStatements(tx, (answered ? 1 : 0) + (reply ? 1 : 0) + 1);
    await Promise.all([
      answered
        ? recordUsage(tx, {
            organizationId: orgId,
            kind: "messages",
            quantity: 1,
            sourceId: `sms:${sms.MessageSid}`,
          })
        : null,
      reply
        ? storeReply(tx, { route, to: from, body: storedText ?? reply, messageSid: sms.MessageSid, conversationId })
        : null,
      markAnswered(tx, orgId, job.id),
    ]);
  });
  return messagingTwiml(reply);
}
