import { and, eq } from "drizzle-orm";
import { z } from "zod";

import { redactCardNumbers } from "@/server/agent/nlu";
import { recordUsage } from "@/server/billing/usage";
import { withOrg, type Transaction } from "@/server/db/client";
import { facility, organization, smsMessage, telephonySettings } from "@/server/db/schema";
import { messagingTwiml } from "@/server/integrations/twilio";
import { log } from "@/server/log";
import { toE164 } from "@/server/domain/customers/normalize-phone";
import { routeByNumber, type NumberRoute } from "@/server/telephony/numbers";

import { handleInboundText, openThreadOf } from "./inbound";
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
 * One authenticated inbound text: store it once (MessageSid is unique, so Twilio's retry is a
 * no-op that repeats the first reply), honour STOP/START/HELP, otherwise ask the agent for a reply.
 * Returns TwiML. Nothing is ever sent to a phone that has opted out.
 */
export async function receiveSms(sms: InboundSms): Promise<string> {
  const route = await routeByNumber(sms.To);
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
    // a keyword or a text from an opted-out phone gets no turn, so no thread, as before.
    const optedOutBefore = keyword ? null : await isOptedOut(tx, orgId, from);
    const thread =
      keyword || optedOutBefore ? null : await openThreadOf(tx, { organizationId: orgId, from, to: route.e164 }, now);
    const [stored] = await tx
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
      })
      .onConflictDoNothing({ target: smsMessage.twilioSid })
      .returning({ id: smsMessage.id });
    // A keyword is not an answer to our follow-ups (STOP ends them anyway: nothing is sent to an
    // opted-out phone). Looked up on a retry too: the first delivery may have died before telling.
    const replyingLeads = keyword ? [] : await leadsAwaitingReply(tx, orgId, from);
    if (!stored) {
      const [reply] = await tx
        .select({ body: smsMessage.body })
        .from(smsMessage)
        .where(and(eq(smsMessage.organizationId, orgId), eq(smsMessage.idempotencyKey, replyKey(sms.MessageSid))));
      return { duplicate: true as const, reply: reply?.body ?? null, replyingLeads };
    }
    if (keyword?.kind === "opt_out") await optOut(tx, orgId, from, keyword.keyword);
    if (keyword?.kind === "opt_in") await optIn(tx, orgId, from);
    const help = keyword?.kind === "help" ? await helpText(tx, route) : null;
    // Only a keyword changes consent (STOP, START), so only then is it read again.
    const optedOut = optedOutBefore ?? (await isOptedOut(tx, orgId, from));
    return { duplicate: false as const, help, optedOut, replyingLeads, thread };
  });
  await tellFollowUpsOfReply(orgId, first.replyingLeads, body, sms.MessageSid);
  if (first.duplicate) return messagingTwiml(first.reply);

  let reply: string | null;
  let conversationId: string | null = null;
  /** The agent answered (not a keyword, not our apology): one metered message. */
  let answered = false;
  if (keyword) {
    // STOP and START get no reply of ours: Twilio sends the carrier-required confirmation itself.
    reply = first.help;
  } else if (first.optedOut) {
    // Stored for staff to read, but the agent does not answer someone who asked us not to text.
    reply = null;
  } else {
    try {
      const answer = await handleInboundText(
        {
          organizationId: orgId,
          facilityId: route.facilityId,
          from,
          to: route.e164,
          body,
          messageSid: sms.MessageSid,
          conversationId: first.thread,
        },
        now,
      );
      reply = answer.text;
      conversationId = answer.conversationId;
      answered = !!reply;
    } catch (err) {
      log.error({ err: String(err), organizationId: orgId, messageSid: sms.MessageSid }, "inbound text handler failed");
      reply = APOLOGY;
    }
  }
  if (first.optedOut) {
    if (reply)
      log.info({ organizationId: orgId, messageSid: sms.MessageSid }, "reply suppressed: sender has opted out");
    reply = null;
  }
  if (!reply) return messagingTwiml(null);

  await withOrg(orgId, async (tx) => {
    // One answered inbound text is one metered message (docs/billing.md), once per MessageSid, in
    // the transaction that stores the reply: a retried delivery (answered above from the stored
    // reply) or a second run of this statement adds nothing.
    if (answered)
      await recordUsage(tx, {
        organizationId: orgId,
        kind: "messages",
        quantity: 1,
        sourceId: `sms:${sms.MessageSid}`,
      });
    await tx
      .insert(smsMessage)
      .values({
        organizationId: orgId,
        direction: "out",
        from: route.e164,
        to: from,
        body: reply,
        status: "twiml",
        statusHistory: [{ status: "twiml", at: new Date().toISOString() }],
        idempotencyKey: replyKey(sms.MessageSid),
        phoneNumberId: route.phoneNumberId,
        facilityId: route.facilityId,
        conversationId,
      })
      .onConflictDoNothing({ target: [smsMessage.organizationId, smsMessage.idempotencyKey] });
  });
  return messagingTwiml(reply);
}
