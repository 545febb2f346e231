/**
 * A voice call in agent tests: the conversation started on the agent's clock (OPEN_NOW unless
 * given), and `turn(text)` for each thing the caller says next, answered by the default brain.
 */
import { respond, startConversation } from "@/server/agent/engine";

import { seedOrganization } from "../factories";
import { OPEN_NOW, seedAgentFacility, type SeedOptions } from "./seed";

export interface CallOptions {
  /** The caller ID (default +15125550177). */
  from?: string;
  now?: Date;
}

/** A call to a facility that is already seeded. */
export async function startCall(organizationId: string, facilityId: string, opts: CallOptions = {}) {
  const now = opts.now ?? OPEN_NOW;
  const greeting = await startConversation({
    organizationId,
    channel: "voice",
    facilityId,
    fromAddress: opts.from ?? "+15125550177",
    now,
  });
  const { conversationId } = greeting;
  const turn = (text: string) => respond({ organizationId, conversationId, text, now, brain: "default" });
  return { conversationId, greeting, turn };
}

/** A new organization with the agent tests' facility (seedAgentFacility), and a call to it. */
export async function callNewFacility(opts: CallOptions & { seed?: SeedOptions } = {}) {
  const org = await seedOrganization();
  const seeded = await seedAgentFacility(org.id, opts.seed);
  return { org, ...seeded, ...(await startCall(org.id, seeded.facility.id, opts)) };
}
