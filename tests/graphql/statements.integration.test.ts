import pg from "pg";
import { describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";

import { OPEN_NOW, seedAgentFacility } from "../agent/seed";
import { api, seedApiOrg } from "../public-api/helpers";
import { randomUsNumber } from "../twilio-webhooks";

import { gql } from "./helpers";

/**
 * No N+1: a nested query costs a constant number of statements whatever the page size. pg's
 * Client.query is wrapped (and still called) to count what the app sends, as the agent benchmark does.
 */
let recorded: string[] | null = null;
const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const q = args[0] as string | { text?: string };
  recorded?.push(typeof q === "string" ? q : (q.text ?? ""));
  return clientQuery.apply(this, args);
};

const NESTED = `query($n: Int) { leads(first: $n) { nodes { id name customer { id phone } facility { id name }
  lastConversation { id channel transcript { role text } } } } }`;

async function statementsFor(key: string, n: number) {
  recorded = [];
  try {
    const r = await gql(key, NESTED, { n });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data!.leads.nodes).toHaveLength(n);
    return recorded.filter((s) => !/^(begin|commit|rollback|savepoint|release)/i.test(s.trim()));
  } finally {
    recorded = null;
  }
}

describe("nested queries cost a constant number of statements", () => {
  it("50 leads with their customer, facility and last conversation (with its transcript): as few statements as 2 leads", async () => {
    const { org, key } = await seedApiOrg();
    const { facility } = await seedAgentFacility(org.id);
    for (let i = 0; i < 50; i++) {
      const phone = randomUsNumber(512);
      await api(key, "POST", "/leads", { source: "call", name: `Caller ${i}`, phone, facility_id: facility.id });
      if (i % 5 === 0) {
        const start = await startConversation({
          organizationId: org.id,
          channel: "sms",
          facilityId: facility.id,
          fromAddress: phone,
          toAddress: "+15125550100",
          now: OPEN_NOW,
        });
        await respond({
          organizationId: org.id,
          conversationId: start.conversationId,
          text: "hours?",
          now: OPEN_NOW,
          brain: "default",
          idempotencyKey: `${start.conversationId}:0`,
        });
      }
    }
    const small = await statementsFor(key, 2);
    const large = await statementsFor(key, 50);
    // Key lookup, rate limit, tenant settings, the page, customers, facilities, last conversations,
    // transcripts (and gate-code lookups): a handful, the same for 2 and for 50.
    expect(large.length).toBeLessThanOrEqual(12);
    expect(large.length).toBe(small.length);
  });
});
