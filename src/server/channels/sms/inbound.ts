import { eq } from "drizzle-orm";

import { withOrg } from "@/server/db/client";
import { organization } from "@/server/db/schema";

/**
 * One inbound text that is not a keyword, already stored as an sms_message row (direction "in",
 * twilio_sid = messageSid) by the SMS webhook before this is called. Returns the reply text, or null
 * for no reply. The webhook returns it as TwiML <Message> (suppressed if the sender opted out).
 */
export interface InboundText {
  organizationId: string;
  facilityId: string | null;
  from: string;
  to: string;
  body: string;
  messageSid: string;
}

export async function handleInboundText(input: InboundText): Promise<string | null> {
  // TODO(agent): replace with engine.respond
  return placeholderReplyUntilAgentEngine(input);
}

/**
 * Until the agent engine exists, an honest acknowledgement: the message is stored and visible to
 * the organization; no automated answer is pretended.
 */
export async function placeholderReplyUntilAgentEngine(input: InboundText): Promise<string> {
  const [org] = await withOrg(input.organizationId, (tx) => tx.select({ name: organization.name }).from(organization).where(eq(organization.id, input.organizationId)));
  const who = org?.name ? ` for texting ${org.name}` : "";
  return `Thanks${who}, we got your message; a team member will reply.`;
}
