import { eq, sql } from "drizzle-orm";

import { withOrg } from "@/server/db/client";
import { organization, twilioSubaccount } from "@/server/db/schema";
import { createSubaccount } from "@/server/integrations/twilio";
import { log } from "@/server/log";

/**
 * The organization's Twilio subaccount sid, creating the subaccount on first use. An advisory lock
 * per organization makes two simultaneous first purchases create one subaccount, not two. The
 * subaccount's auth token is not stored (see twilioSubaccount in schema/telephony.ts).
 */
export async function ensureSubaccount(organizationId: string): Promise<string> {
  return withOrg(organizationId, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`twilio-subaccount:${organizationId}`}))`);
    const [existing] = await tx
      .select({ sid: twilioSubaccount.accountSid })
      .from(twilioSubaccount)
      .where(eq(twilioSubaccount.organizationId, organizationId));
    if (existing) return existing.sid;
    const [org] = await tx
      .select({ name: organization.name })
      .from(organization)
      .where(eq(organization.id, organizationId));
    // Twilio's friendly name is for people reading the Twilio console; the id keeps it traceable.
    const friendlyName = `${org?.name ?? "Organization"} (${organizationId})`.slice(0, 64);
    const { sid } = await createSubaccount(friendlyName);
    log.info({ organizationId, accountSid: sid }, "created Twilio subaccount");
    await tx.insert(twilioSubaccount).values({ organizationId, accountSid: sid, friendlyName });
    return sid;
  });
}

export async function findSubaccount(organizationId: string): Promise<string | null> {
  return withOrg(organizationId, async (tx) => {
    const [row] = await tx
      .select({ sid: twilioSubaccount.accountSid })
      .from(twilioSubaccount)
      .where(eq(twilioSubaccount.organizationId, organizationId));
    return row?.sid ?? null;
  });
}
