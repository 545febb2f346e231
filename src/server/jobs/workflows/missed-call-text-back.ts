import { DBOS } from "@dbos-inc/dbos-sdk";
import { and, eq } from "drizzle-orm";

import { sendSms } from "@/server/integrations/sms/send-sms";
import { withOrg } from "@/server/db/client";
import { facility } from "@/server/db/schema";
import { localDate } from "@/server/domain/facilities/local-date";

import { timeScale } from "../config";
import { WORKFLOWS } from "../names";
import { getAutomationSettings } from "../settings";

/**
 * Missed-call text-back (docs/workflows.md): a call that ended unanswered or abandoned before the
 * agent could help gets a text from the number the caller dialled, offering help by text. It waits
 * a few seconds first (the caller is still hanging up) and then sends well within a minute. It is
 * a reply to the caller's own call, so it is not held for quiet hours. One text per caller per
 * facility day: a caller who rings three times gets one text.
 */
export interface MissedCallInput {
  organizationId: string;
  facilityId: string | null;
  from: string;
  to: string;
  callSid: string;
}

export const TEXT_BACK_DELAY_MS = 10_000;

async function prepare(input: MissedCallInput) {
  return withOrg(input.organizationId, async (tx) => {
    const settings = await getAutomationSettings(tx, input.organizationId);
    const [f] = input.facilityId
      ? await tx
          .select({ name: facility.name, timeZone: facility.timeZone })
          .from(facility)
          .where(and(eq(facility.organizationId, input.organizationId), eq(facility.id, input.facilityId)))
      : [];
    return {
      enabled: settings.missedCallTextBack,
      facilityName: f?.name ?? null,
      timeZone: f?.timeZone ?? "America/New_York",
    };
  });
}

export function textBackBody(facilityName: string | null) {
  const place = facilityName ? ` ${facilityName}` : "";
  return `Sorry we missed your call to${place}! I can help right here by text: sizes, prices, availability, or holding a unit for you. What are you looking for? Reply STOP to opt out.`;
}

async function missedCallTextBackWorkflow(input: MissedCallInput): Promise<{ sent: boolean; reason: string }> {
  const ctx = await DBOS.runStep(() => prepare(input), { name: "prepare" });
  if (!ctx.enabled) return { sent: false, reason: "disabled" };
  await DBOS.sleep(Math.round(TEXT_BACK_DELAY_MS * timeScale()));
  return DBOS.runStep(
    async () => {
      const day = localDate(ctx.timeZone);
      const r = await sendSms({
        organizationId: input.organizationId,
        to: input.from,
        from: input.to,
        facilityId: input.facilityId,
        body: textBackBody(ctx.facilityName),
        idempotencyKey: `missed-call:${input.facilityId ?? "org"}:${input.from}:${day}`,
      });
      if (!r.ok) return { sent: false, reason: r.reason };
      return { sent: !r.duplicate, reason: r.duplicate ? "already_texted_today" : "sent" };
    },
    { name: "text-back", retriesAllowed: true, maxAttempts: 5, intervalSeconds: 3, backoffRate: 2 },
  );
}

export const missedCallTextBack = DBOS.registerWorkflow(missedCallTextBackWorkflow, {
  name: WORKFLOWS.missedCallTextBack,
});
