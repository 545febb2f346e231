import { and, eq } from "drizzle-orm";

import { db } from "@/server/db/client";
import { conversation, phoneNumber, smsMessage } from "@/server/db/schema";
import { toE164 } from "@/lib/normalize-phone";

import type { WebhookOwner } from "./webhook-auth";
import { UUID } from "@/lib/uuid";

/**
 * Which Twilio account owns what a webhook is about, so its signature is checked with that
 * account's token and never with the token of whichever account the request names in `AccountSid`:
 * every organization's admin can read its own subaccount's token in the Twilio console, and a
 * request signed with it must not be accepted for another organization's number or call.
 *
 * These run before the signature is checked, on the system connection (the organization is what we
 * are finding out, like routeByNumber), and only read.
 */

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The Twilio account of the active number `e164` (null: not ours, or not connected to Twilio). */
export async function accountSidOfNumber(e164: string | null | undefined): Promise<string | null> {
  const normalized = e164 ? toE164(e164) : null;
  if (!normalized) return null;
  const [row] = await db
    .select({ sid: phoneNumber.twilioAccountSid })
    .from(phoneNumber)
    .where(and(eq(phoneNumber.e164, normalized), eq(phoneNumber.status, "active")));
  return row?.sid ?? null;
}

/** A call or text to one of our numbers: the number in `To` (incoming call, call status, incoming SMS). */
export const ownerOfCalledNumber: WebhookOwner = ({ params }) => accountSidOfNumber(one(params.To));

/**
 * A call already in progress: the conversation id (`c`) rides in the action URLs we gave Twilio;
 * the owner is the number that call came in on (<Gather>, <Dial> and <Connect> actions).
 */
export const ownerOfCall: WebhookOwner = async ({ url }) => {
  const id = url.searchParams.get("c");
  if (!id || !UUID.test(id)) return null;
  const [row] = await db
    .select({ to: conversation.toAddress })
    .from(conversation)
    .where(and(eq(conversation.id, id), eq(conversation.channel, "voice")));
  return accountSidOfNumber(row?.to);
};

/**
 * A text we sent: our message id (`smsId`) rides in its StatusCallback URL, else its MessageSid. The
 * owner is the account of the number it was sent from, even if that number was released since.
 */
export const ownerOfSentSms: WebhookOwner = async ({ url, params }) => {
  const smsId = url.searchParams.get("smsId");
  // A control character (a NUL above all: Postgres text cannot hold one, and the query would fail
  // with a 500) is in no stored MessageSid: such a request finds no owner and gets a 403.
  const given = one(params.MessageSid);
  const messageSid = given && !CONTROL.test(given) ? given : undefined;
  const where =
    smsId && UUID.test(smsId) ? eq(smsMessage.id, smsId) : messageSid ? eq(smsMessage.twilioSid, messageSid) : null;
  if (!where) return null;
  const [row] = await db
    .select({ sid: phoneNumber.twilioAccountSid })
    .from(smsMessage)
    .innerJoin(phoneNumber, eq(phoneNumber.id, smsMessage.phoneNumberId))
    .where(where);
  return row?.sid ?? null;
};
