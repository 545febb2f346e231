import { and, eq, sql } from "drizzle-orm";

import { db, systemDatabase, withOrg, type Executor } from "@/server/db/client";
import { prepared } from "@/server/db/prepared";
import { conversation, facility, phoneNumber } from "@/server/db/schema";
import { toE164 } from "@/lib/normalize-phone";
import { transferTargetsOf } from "@/server/domain/facilities/agent-settings";
import { accountSidOfNumber } from "@/server/telephony/webhook-owner";
import { UUID } from "@/lib/uuid";

/**
 * Finds the call a webhook is about. The conversation id rides in the URLs we gave Twilio (signed,
 * so not forgeable) and must belong to the same CallSid. This runs on the system connection because
 * the organization is what we are finding out, like routeByNumber.
 */
export interface CallRef {
  conversationId: string;
  organizationId: string;
  facilityId: string | null;
  toAddress: string | null;
  fromAddress: string | null;
  language: "en" | "es";
  turnCount: number;
  status: "active" | "ended";
}

const columns = {
  conversationId: conversation.id,
  organizationId: conversation.organizationId,
  facilityId: conversation.facilityId,
  toAddress: conversation.toAddress,
  fromAddress: conversation.fromAddress,
  language: conversation.language,
  turnCount: conversation.turnCount,
  status: conversation.status,
};

const shape = (r: Omit<CallRef, "language"> & { language: string }): CallRef => ({
  ...r,
  language: r.language === "es" ? "es" : "en",
});

export async function findCall(conversationId: string, callSid: string): Promise<CallRef | null> {
  const [row] = await db
    .select(columns)
    .from(conversation)
    .where(
      and(eq(conversation.id, conversationId), eq(conversation.channel, "voice"), eq(conversation.externalId, callSid)),
    );
  return row ? shape(row) : null;
}

/** The call by CallSid within an organization (status callbacks know the number, not our id). */
export async function findCallBySid(organizationId: string, callSid: string): Promise<CallRef | null> {
  const [row] = await withOrg(organizationId, (tx) =>
    tx
      .select(columns)
      .from(conversation)
      .where(
        and(
          eq(conversation.organizationId, organizationId),
          eq(conversation.channel, "voice"),
          eq(conversation.externalId, callSid),
        ),
      ),
  );
  return row ? shape(row) : null;
}

/**
 * A voice call by our id, with its CallSid and the Twilio account that owns the number it came in
 * on, in one statement: a <Gather> result needs the owner to check the signature (as ownerOfCall)
 * and then the call for the turn (as findCall), and each statement is a round trip on the caller's
 * latency path. The number's account is looked up by primary key in a subquery; a stored address
 * that is not in E.164 form falls back to ownerOfCall's normalising lookup.
 */
export async function findCallWithOwner(
  conversationId: string | null,
): Promise<{ call: CallRef; externalId: string | null; accountSid: string | null } | null> {
  if (!conversationId || !UUID.test(conversationId)) return null;
  const found = await loadCallWithOwner(conversationId);
  if (found?.externalId) rememberIdentity(conversationId, found);
  return found;
}

/**
 * What never changes about a call once it exists: its organization, CallSid and the number it came
 * in on; and the Twilio account that signs its webhooks (null: the platform's own, or the local
 * simulator's key), which holds for the call's life.
 */
export interface CallIdentity {
  conversationId: string;
  organizationId: string;
  externalId: string;
  toAddress: string | null;
  accountSid: string | null;
}

/**
 * The identities of calls in progress in this process, so that the <Gather> results after a call's
 * first need no statement before the turn: the turn's own row lock reads everything that changes
 * (language, facility, state). Bounded (oldest out first) and short-lived: an entry serves a call's
 * next few turns, and a number moved to another Twilio account is read afresh within IDENTITY_TTL_MS.
 * Only rows read from the database go in, so an id taken from an unverified URL finds nothing it
 * could not have read; the signature is still checked against the account on every request.
 */
const identities = new Map<string, CallIdentity & { expires: number }>();
const IDENTITY_TTL_MS = 120_000;
const MAX_IDENTITIES = 5_000;

function rememberIdentity(
  conversationId: string,
  found: { call: CallRef; externalId: string | null; accountSid: string | null },
): void {
  if (!found.externalId) return;
  identities.delete(conversationId);
  if (identities.size >= MAX_IDENTITIES) identities.delete(identities.keys().next().value!);
  identities.set(conversationId, {
    conversationId,
    organizationId: found.call.organizationId,
    externalId: found.externalId,
    toAddress: found.call.toAddress,
    accountSid: found.accountSid,
    expires: Date.now() + IDENTITY_TTL_MS,
  });
}

/** A call's identity, from this process's memory when a recent request read it, else one statement. */
export async function findCallIdentity(conversationId: string | null): Promise<CallIdentity | null> {
  if (!conversationId || !UUID.test(conversationId)) return null;
  const known = identities.get(conversationId);
  if (known && known.expires > Date.now()) return known;
  if (known) identities.delete(conversationId);
  await findCallWithOwner(conversationId);
  return identities.get(conversationId) ?? null;
}

/** The call has ended: its identity is not needed again here. */
export function forgetCallIdentity(conversationId: string): void {
  identities.delete(conversationId);
}

async function loadCallWithOwner(
  conversationId: string,
): Promise<{ call: CallRef; externalId: string | null; accountSid: string | null } | null> {
  // Every <Gather> result runs this first, so it is prepared: built by drizzle once, planned by
  // Postgres once per connection (src/server/db/prepared.ts).
  const [row] = await prepared(systemDatabase(), "voice_find_call_with_owner", callWithOwnerStatement).execute({
    id: conversationId,
  });
  if (!row) return null;
  const { externalId, accountSid, ...call } = row;
  const normalized = call.toAddress ? toE164(call.toAddress) : null;
  return {
    call: shape(call),
    externalId,
    accountSid:
      accountSid ?? (normalized && normalized !== call.toAddress ? await accountSidOfNumber(normalized) : null),
  };
}

function callWithOwnerStatement(ex: Executor, name: string) {
  return ex
    .select({
      ...columns,
      externalId: conversation.externalId,
      accountSid: sql<
        string | null
      >`(SELECT ${phoneNumber.twilioAccountSid} FROM ${phoneNumber} WHERE ${phoneNumber.e164} = ${conversation.toAddress} AND ${phoneNumber.status} = 'active')`,
    })
    .from(conversation)
    .where(and(eq(conversation.id, sql.placeholder("id")), eq(conversation.channel, "voice")))
    .prepare(name);
}

/** The call by our id alone (the relay WebSocket; its handshake signature covers the id). */
export async function findCallById(conversationId: string): Promise<(CallRef & { externalId: string | null }) | null> {
  const [row] = await db
    .select({ ...columns, externalId: conversation.externalId })
    .from(conversation)
    .where(and(eq(conversation.id, conversationId), eq(conversation.channel, "voice")));
  return row ? { ...shape(row), externalId: row.externalId } : null;
}

/**
 * Where a person answers for this call's facility (Settings > Agent): its transfer numbers, else its
 * public number unless that is one of our own AI lines. Empty: nobody to put the caller through to.
 */
export async function transferNumbersOf(call: Pick<CallRef, "organizationId" | "facilityId">): Promise<string[]> {
  if (!call.facilityId) return [];
  return withOrg(call.organizationId, async (tx) => {
    const [row] = await tx
      .select({ id: facility.id, transferPhone: facility.transferPhone, phone: facility.phone })
      .from(facility)
      .where(and(eq(facility.organizationId, call.organizationId), eq(facility.id, call.facilityId!)));
    return row ? transferTargetsOf(tx, call.organizationId, row) : [];
  });
}
