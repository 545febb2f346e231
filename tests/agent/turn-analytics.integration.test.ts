/**
 * Analytics follow agent turns (migration 0055): a turn's conversation update marks its day dirty,
 * so the daily rollup counts every turn, while an update that changes nothing an analytics figure
 * reads (the dialogue state, say) marks no day at all, and linking a lead marks the lead's day too.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { refreshRollups } from "@/server/analytics/rollups";
import { db, withOrg } from "@/server/db/client";
import { conversation, customer, lead } from "@/server/db/schema";

import { seedOrganization } from "../factories";
import { OPEN_NOW, seedAgentFacility } from "./seed";

describe("analytics follow agent turns", () => {
  it("a turn marks its day and is counted; a state-only update marks nothing; a linked lead marks its day", async () => {
    const org = await seedOrganization();
    const { facility } = await seedAgentFacility(org.id);
    const start = await startConversation({
      organizationId: org.id,
      channel: "chat",
      facilityId: facility.id,
      now: OPEN_NOW,
    });
    // Only this organization's days: refreshAllDirty would also clear other tests' dirty days.
    const refresh = () => withOrg(org.id, (tx) => refreshRollups(tx, org.id));
    const dirtyDays = () =>
      db
        .execute<{ day: string }>(
          sql`SELECT day::text FROM analytics_dirty_day WHERE organization_id = ${org.id} ORDER BY day`,
        )
        .then((r) => r.rows.map((x) => x.day));
    const turns = () =>
      db
        .execute<{ n: number }>(
          sql`SELECT coalesce(sum(turns), 0)::int AS n FROM analytics_conversation_daily WHERE organization_id = ${org.id}`,
        )
        .then((r) => r.rows[0]!.n);
    const turn = (text: string) =>
      respond({ organizationId: org.id, conversationId: start.conversationId, text, now: OPEN_NOW, brain: "default" });

    await refresh();
    expect(await dirtyDays()).toEqual([]);
    const before = await turns();

    await turn("what are your hours");
    expect(await dirtyDays()).toEqual(["2030-01-15"]);
    await refresh();
    expect(await turns()).toBe(before + 1);
    await turn("do you have any specials");
    await refresh();
    expect(await turns()).toBe(before + 2);

    await db
      .update(conversation)
      .set({ state: sql`${conversation.state} || '{"probe": 1}'::jsonb` })
      .where(eq(conversation.id, start.conversationId));
    expect(await dirtyDays()).toEqual([]);

    const [person] = await db
      .insert(customer)
      .values({ organizationId: org.id, name: "Lee Park", phone: "+15125550177" })
      .returning({ id: customer.id });
    const [l] = await db
      .insert(lead)
      .values({
        organizationId: org.id,
        customerId: person!.id,
        source: "chat",
        createdAt: new Date("2030-01-10T12:00:00Z"),
      })
      .returning({ id: lead.id });
    await refresh();
    await db.update(conversation).set({ leadId: l!.id }).where(eq(conversation.id, start.conversationId));
    expect(await dirtyDays()).toEqual(["2030-01-10", "2030-01-15"]);
    await refresh();
  });
});
