import { and, asc, eq } from "drizzle-orm";

import { recordAudit, type AuditEntry } from "@/server/audit";
import { assertCanAdd } from "@/server/billing/entitlements";
import { db, withOrg, type Transaction } from "@/server/db/client";
import { facility, phoneNumber, telephonySettings, type NumberCapabilities, type VoiceMode } from "@/server/db/schema";
import * as twilio from "@/server/integrations/twilio";
import { log } from "@/server/log";

import { toE164 } from "@/lib/normalize-phone";
import { ensureSubaccount, findSubaccount } from "./subaccount";
import { DomainError } from "@/server/domain/errors";
import type { WebhookOwner } from "./webhook-auth";

/**
 * Phone-number management: buy (into the organization's subaccount), attach a number the operator
 * already has, assign to a facility, release. Each change writes an audit row in its transaction.
 */
type Actor = AuditEntry["actor"];

const UNIQUE_VIOLATION = "23505";

function e164OrThrow(input: string): string {
  const e164 = toE164(input);
  if (!e164) throw new DomainError("BAD_REQUEST", `"${input}" is not a valid phone number.`);
  return e164;
}

function twilioFailure(err: unknown, what: string): never {
  if (err instanceof DomainError) throw err;
  if (err instanceof twilio.TwilioNotConfiguredError) throw new DomainError("PRECONDITION_FAILED", err.message);
  log.error({ err: twilio.twilioErrorMessage(err) }, `Twilio: ${what} failed`);
  throw new DomainError("UPSTREAM_FAILURE", `Could not ${what}: ${twilio.twilioErrorMessage(err)}`);
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}

async function checkFacility(tx: Transaction, organizationId: string, facilityId: string | null | undefined) {
  if (!facilityId) return;
  const [row] = await tx
    .select({ id: facility.id })
    .from(facility)
    .where(and(eq(facility.id, facilityId), eq(facility.organizationId, organizationId)));
  if (!row) throw new DomainError("NOT_FOUND", "No such facility in this organization.");
}

async function insertNumber(
  organizationId: string,
  actor: Actor,
  values: {
    e164: string;
    twilioSid: string | null;
    twilioAccountSid: string | null;
    facilityId: string | null;
    friendlyName: string;
    source: "purchased" | "attached";
    capabilities: NumberCapabilities;
  },
) {
  try {
    return await withOrg(organizationId, async (tx) => {
      await checkFacility(tx, organizationId, values.facilityId);
      // The plan's limit, checked under its lock in the same transaction as the insert.
      await assertCanAdd(tx, organizationId, "phone_numbers");
      const [row] = await tx
        .insert(phoneNumber)
        .values({ organizationId, ...values })
        .returning();
      await recordAudit(tx, {
        organizationId,
        actor,
        action: values.source === "purchased" ? "phone_number.purchased" : "phone_number.attached",
        targetType: "phone_number",
        targetId: row!.id,
        data: { e164: values.e164, twilioSid: values.twilioSid, facilityId: values.facilityId },
      });
      return row!;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new DomainError("CONFLICT", `${values.e164} is already connected to an organization.`);
    throw err;
  }
}

export async function listPhoneNumbers(organizationId: string) {
  return withOrg(organizationId, (tx) =>
    tx
      .select()
      .from(phoneNumber)
      .where(eq(phoneNumber.organizationId, organizationId))
      .orderBy(asc(phoneNumber.status), asc(phoneNumber.createdAt)),
  );
}

export async function searchNumbers(areaCode: number) {
  try {
    return await twilio.searchAvailableNumbers(areaCode);
  } catch (err) {
    twilioFailure(err, "search available numbers");
  }
}

export async function buyPhoneNumber(input: {
  organizationId: string;
  actor: Actor;
  phoneNumber: string;
  facilityId?: string | null;
  friendlyName?: string;
}) {
  const e164 = e164OrThrow(input.phoneNumber);
  if (!twilio.twilioConfigured()) twilioFailure(new twilio.TwilioNotConfiguredError(), "buy a number");
  // Check the facility and the plan's limit before spending money on a number.
  await withOrg(input.organizationId, async (tx) => {
    await checkFacility(tx, input.organizationId, input.facilityId);
    await assertCanAdd(tx, input.organizationId, "phone_numbers");
  });
  let bought: twilio.IncomingNumber;
  try {
    const accountSid = await ensureSubaccount(input.organizationId);
    bought = await twilio.buyNumber({ accountSid, phoneNumber: e164, friendlyName: input.friendlyName });
  } catch (err) {
    twilioFailure(err, `buy ${e164}`);
  }
  try {
    return await insertNumber(input.organizationId, input.actor, {
      e164: bought.phoneNumber,
      twilioSid: bought.sid,
      twilioAccountSid: bought.accountSid,
      facilityId: input.facilityId ?? null,
      friendlyName: input.friendlyName ?? bought.friendlyName,
      source: "purchased",
      capabilities: bought.capabilities,
    });
  } catch (err) {
    // Bought but not recorded: say so loudly, with what an operator needs to release it by hand.
    log.error(
      { err: String(err), organizationId: input.organizationId, numberSid: bought.sid, accountSid: bought.accountSid },
      "bought a number but could not record it",
    );
    throw err;
  }
}

/**
 * Connects a number the operator already has. With Twilio configured it must be in the
 * organization's own subaccount (bought or ported there): only the subaccount is searched, and a
 * number in the platform's main account is refused, because an admin of any organization could
 * otherwise take over a number the platform (or another customer of the platform) holds there and
 * receive its calls and texts. Without Twilio it is recorded as-is, so texts and calls simulated to
 * it route to this organization.
 */
export async function attachPhoneNumber(input: {
  organizationId: string;
  actor: Actor;
  phoneNumber: string;
  facilityId?: string | null;
  friendlyName?: string;
}) {
  const e164 = e164OrThrow(input.phoneNumber);
  let found: twilio.IncomingNumber | null = null;
  if (twilio.twilioConfigured()) {
    let subaccount: string | null = null;
    try {
      subaccount = await findSubaccount(input.organizationId);
      found = subaccount ? await twilio.findIncomingNumber({ accountSid: subaccount, phoneNumber: e164 }) : null;
    } catch (err) {
      twilioFailure(err, `look up ${e164}`);
    }
    // Defence in depth: whatever the lookup returned must belong to this organization's subaccount.
    if (!found || !subaccount || found.accountSid !== subaccount)
      throw new DomainError(
        "NOT_FOUND",
        subaccount
          ? `${e164} is not in this organization's Twilio subaccount (${subaccount}). Buy it here, or port it into that subaccount first.`
          : `${e164} is not in this organization's Twilio subaccount, and the organization has none yet. Buy a number here (which creates it), or ask us to port your number into it.`,
      );
  }
  const row = await insertNumber(input.organizationId, input.actor, {
    e164,
    twilioSid: found?.sid ?? null,
    twilioAccountSid: found?.accountSid ?? null,
    facilityId: input.facilityId ?? null,
    friendlyName: input.friendlyName ?? found?.friendlyName ?? "",
    source: "attached",
    capabilities: found?.capabilities ?? { voice: true, sms: true, mms: false },
  });
  if (found) {
    try {
      await twilio.configureNumberWebhooks({ accountSid: found.accountSid, numberSid: found.sid });
    } catch (err) {
      // Keep the row (the number is ours) but report that its URLs still point elsewhere.
      twilioFailure(err, `set the webhook URLs of ${e164} (it is attached; try "Update URLs" again)`);
    }
  }
  return row;
}

/** Points an existing number's voice/SMS/status URLs at PUBLIC_URL again (after a domain change). */
export async function refreshNumberWebhooks(input: { organizationId: string; actor: Actor; phoneNumberId: string }) {
  const row = await activeNumber(input.organizationId, input.phoneNumberId);
  if (!row.twilioSid || !row.twilioAccountSid)
    throw new DomainError("BAD_REQUEST", "This number is not connected to Twilio.");
  try {
    await twilio.configureNumberWebhooks({ accountSid: row.twilioAccountSid, numberSid: row.twilioSid });
  } catch (err) {
    twilioFailure(err, `set the webhook URLs of ${row.e164}`);
  }
  await withOrg(input.organizationId, (tx) =>
    recordAudit(tx, {
      organizationId: input.organizationId,
      actor: input.actor,
      action: "phone_number.webhooks_updated",
      targetType: "phone_number",
      targetId: row.id,
      data: twilio.numberWebhookUrls(),
    }),
  );
  return { ok: true };
}

async function activeNumber(organizationId: string, id: string) {
  const [row] = await withOrg(organizationId, (tx) =>
    tx
      .select()
      .from(phoneNumber)
      .where(
        and(eq(phoneNumber.id, id), eq(phoneNumber.organizationId, organizationId), eq(phoneNumber.status, "active")),
      ),
  );
  if (!row) throw new DomainError("NOT_FOUND", "No such active phone number in this organization.");
  return row;
}

export async function assignPhoneNumber(input: {
  organizationId: string;
  actor: Actor;
  phoneNumberId: string;
  facilityId: string | null;
  voiceMode?: VoiceMode | null;
  friendlyName?: string;
}) {
  return withOrg(input.organizationId, async (tx) => {
    const [row] = await tx
      .select()
      .from(phoneNumber)
      .where(
        and(
          eq(phoneNumber.id, input.phoneNumberId),
          eq(phoneNumber.organizationId, input.organizationId),
          eq(phoneNumber.status, "active"),
        ),
      );
    if (!row) throw new DomainError("NOT_FOUND", "No such active phone number in this organization.");
    await checkFacility(tx, input.organizationId, input.facilityId);
    const changes = {
      facilityId: input.facilityId,
      ...(input.voiceMode !== undefined ? { voiceMode: input.voiceMode } : {}),
      ...(input.friendlyName !== undefined ? { friendlyName: input.friendlyName } : {}),
    };
    const [updated] = await tx
      .update(phoneNumber)
      .set(changes)
      .where(and(eq(phoneNumber.id, row.id), eq(phoneNumber.organizationId, input.organizationId)))
      .returning();
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actor: input.actor,
      action: "phone_number.assigned",
      targetType: "phone_number",
      targetId: row.id,
      data: { e164: row.e164, from: { facilityId: row.facilityId, voiceMode: row.voiceMode }, to: changes },
    });
    return updated!;
  });
}

export async function releasePhoneNumber(input: { organizationId: string; actor: Actor; phoneNumberId: string }) {
  const row = await activeNumber(input.organizationId, input.phoneNumberId);
  if (row.twilioSid && row.twilioAccountSid) {
    try {
      await twilio.releaseNumber({ accountSid: row.twilioAccountSid, numberSid: row.twilioSid });
    } catch (err) {
      // Already gone at Twilio (released in the console): finish the release here.
      if (!(err instanceof Error && "status" in err && (err as { status: number }).status === 404))
        twilioFailure(err, `release ${row.e164}`);
    }
  }
  return withOrg(input.organizationId, async (tx) => {
    const [updated] = await tx
      .update(phoneNumber)
      .set({ status: "released", releasedAt: new Date() })
      .where(and(eq(phoneNumber.id, row.id), eq(phoneNumber.organizationId, input.organizationId)))
      .returning();
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actor: input.actor,
      action: "phone_number.released",
      targetType: "phone_number",
      targetId: row.id,
      data: { e164: row.e164, twilioSid: row.twilioSid },
    });
    return updated!;
  });
}

export async function getTelephonySettings(organizationId: string) {
  const [row] = await withOrg(organizationId, (tx) =>
    tx.select().from(telephonySettings).where(eq(telephonySettings.organizationId, organizationId)),
  );
  return {
    voiceMode: row?.voiceMode ?? ("gather" as VoiceMode),
    supportContact: row?.supportContact ?? null,
    twilioConfigured: twilio.twilioConfigured(),
  };
}

export async function updateTelephonySettings(input: {
  organizationId: string;
  actor: Actor;
  voiceMode: VoiceMode;
  supportContact: string | null;
}) {
  return withOrg(input.organizationId, async (tx) => {
    const values = { voiceMode: input.voiceMode, supportContact: input.supportContact, updatedAt: new Date() };
    await tx
      .insert(telephonySettings)
      .values({ organizationId: input.organizationId, ...values })
      .onConflictDoUpdate({ target: telephonySettings.organizationId, set: values });
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actor: input.actor,
      action: "telephony.settings_updated",
      targetType: "organization",
      targetId: input.organizationId,
      data: { voiceMode: input.voiceMode, supportContact: input.supportContact },
    });
    return { ok: true };
  });
}

export interface NumberRoute {
  phoneNumberId: string;
  organizationId: string;
  facilityId: string | null;
  e164: string;
  twilioAccountSid: string | null;
  /** The number's own mode, else the organization's default, else gather. */
  voiceMode: VoiceMode;
}

/**
 * Which organization and facility an incoming call or text to `to` belongs to. Runs on the system
 * connection because the organization is what we are finding out (see db/client.ts).
 */
export async function routeByNumber(to: string): Promise<NumberRoute | null> {
  const e164 = toE164(to);
  if (!e164) return null;
  const [row] = await db
    .select({
      phoneNumberId: phoneNumber.id,
      organizationId: phoneNumber.organizationId,
      facilityId: phoneNumber.facilityId,
      e164: phoneNumber.e164,
      twilioAccountSid: phoneNumber.twilioAccountSid,
      numberMode: phoneNumber.voiceMode,
      orgMode: telephonySettings.voiceMode,
    })
    .from(phoneNumber)
    .leftJoin(telephonySettings, eq(telephonySettings.organizationId, phoneNumber.organizationId))
    .where(and(eq(phoneNumber.e164, e164), eq(phoneNumber.status, "active")));
  if (!row) return null;
  const { numberMode, orgMode, ...rest } = row;
  return { ...rest, voiceMode: numberMode ?? orgMode ?? "gather" };
}

/**
 * For a webhook about a call or text to one of our numbers: its signature is checked with the token
 * of the account that owns the number in `To` (`owner`, as ownerOfCalledNumber), and then it is
 * routed by the same number (`route`, as routeByNumber). routeByNumber's row carries that account,
 * so one statement serves both instead of two, on every inbound text and call.
 */
export function calledNumberLookup(): { owner: WebhookOwner; route: (to: string) => Promise<NumberRoute | null> } {
  let found: Promise<NumberRoute | null> | null = null;
  return {
    owner: ({ params }) => {
      const to = Array.isArray(params.To) ? params.To[0] : params.To;
      found = routeByNumber(to ?? "");
      return found.then((r) => r?.twilioAccountSid ?? null);
    },
    route: (to) => found ?? routeByNumber(to),
  };
}
