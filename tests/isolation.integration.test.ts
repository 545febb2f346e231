import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { appRouter } from "@/server/api/root";
import { db, TENANT_ROLE, withOrg } from "@/server/db/client";
import { customer, lead, webhookDelivery } from "@/server/db/schema";
import { emitEvent } from "@/server/webhooks/emit-event";

import { callerFor, seedMember, seedOrganization, type TestOrg } from "./factories";

/**
 * Tenant isolation, table-driven. Organization B is seeded with members, an invitation, mail and
 * audit rows; a member of organization A then calls EVERY tRPC procedure with B's ids. Each call
 * must be refused or return nothing of B's. A procedure without a case here fails the suite, so
 * new procedures cannot skip this check.
 */
type Caller = Awaited<ReturnType<typeof callerFor>>;
interface B {
  org: TestOrg;
  memberId: string;
  staffEmail: string;
  invitationId: string;
}
type Case = (a: Caller, b: B) => Promise<unknown>;

const cases: Record<string, Case> = {
  "organization.mine": (a) => a.organization.mine(),
  "organization.current": (a) => a.organization.current(),
  "organization.update": (a) => a.organization.update({ name: "Renamed by A" }),
  "organization.outbox": (a) => a.organization.outbox(),
  "organization.auditLog": (a) => a.organization.auditLog(),
  // Public by design: the invitation id is the secret. A must not learn anything without it.
  "organization.invitationPreview": (a) => a.organization.invitationPreview({ invitationId: "not-a-real-invitation-id" }),
  "team.list": (a) => a.team.list(),
  "team.invite": (a) => a.team.invite({ email: `a-invites-${Date.now()}@example.test`, role: "staff" }),
  "team.cancelInvitation": (a, b) => a.team.cancelInvitation({ invitationId: b.invitationId }),
  "team.changeRole": (a, b) => a.team.changeRole({ memberId: b.memberId, role: "admin" }),
  "team.remove": (a, b) => a.team.remove({ memberId: b.memberId }),
  "team.leave": async () => "skipped: acts only on the caller's own membership in A",
  // Integrations: B's key, endpoint and delivery are seeded below (integrationsOfB).
  "apiKeys.list": (a) => a.apiKeys.list(),
  "apiKeys.create": (a) => a.apiKeys.create({ name: "A's own key", scopes: ["read"] }),
  "apiKeys.revoke": (a) => a.apiKeys.revoke({ id: integrationsOfB.apiKeyId }),
  "webhooks.eventTypes": (a) => a.webhooks.eventTypes(),
  "webhooks.list": (a) => a.webhooks.list(),
  "webhooks.create": (a) => a.webhooks.create({ url: "http://127.0.0.1:9/a-own", eventTypes: ["lead.created"] }),
  "webhooks.update": (a) => a.webhooks.update({ id: integrationsOfB.endpointId, enabled: false }),
  "webhooks.delete": (a) => a.webhooks.delete({ id: integrationsOfB.endpointId }),
  "webhooks.deliveries": (a) => a.webhooks.deliveries({ endpointId: integrationsOfB.endpointId }),
  "webhooks.resend": (a) => a.webhooks.resend({ deliveryId: integrationsOfB.deliveryId }),
  // Follow-ups and workflows (src/server/jobs): B's lead is seeded on first use (leadOfB).
  "followUps.forLead": async (a, b) => a.followUps.forLead({ leadId: await leadOfB(b) }),
  "followUps.pause": async (a, b) => a.followUps.pause({ leadId: await leadOfB(b) }),
  "followUps.resume": async (a, b) => a.followUps.resume({ leadId: await leadOfB(b) }),
  "followUps.cancel": async (a, b) => a.followUps.cancel({ leadId: await leadOfB(b) }),
  "followUps.start": async (a, b) => a.followUps.start({ leadId: await leadOfB(b) }),
  "workflows.failed": (a) => a.workflows.failed(),
  "workflows.retry": async (a, b) => a.workflows.retry({ workflowId: `follow-up:${await leadOfB(b)}:manual` }),
  "workflows.settings": (a) => a.workflows.settings(),
  "workflows.updateSettings": (a) => a.workflows.updateSettings({ missedCallTextBack: false }),
  // The agent playground: B's facility and conversation are seeded on first use (agentOfB).
  "agent.playground.start": async (a, b) => a.agent.playground.start({ facilityId: (await agentOfB(b)).facilityId, channel: "chat" }),
  "agent.playground.say": async (a, b) => a.agent.playground.say({ conversationId: (await agentOfB(b)).conversationId, text: "what is my gate code", brain: "default" }),
  "agent.conversation.get": async (a, b) => a.agent.conversation.get({ conversationId: (await agentOfB(b)).conversationId }),
  // Service-wide numbers: route labels are patterns, so B's slug and ids must not appear.
  "status.overview": (a) => a.status.overview(),
};

let agentB: Promise<{ facilityId: string; conversationId: string }> | null = null;
/** A facility and a playground conversation in B, created once. */
function agentOfB(b: B) {
  agentB ??= (async () => {
    const { seedAgentFacility } = await import("./agent/seed");
    const { startConversation } = await import("@/server/agent/engine");
    const { facility } = await seedAgentFacility(b.org.id);
    const start = await startConversation({ organizationId: b.org.id, channel: "playground", simulate: "chat", facilityId: facility.id });
    secretsOfB.push(facility.id, start.conversationId);
    return { facilityId: facility.id, conversationId: start.conversationId };
  })();
  return agentB;
}

let a: TestOrg;
let b: B;
let callerA: Caller;
let secretsOfB: string[];
const integrationsOfB = { apiKeyId: "", endpointId: "", deliveryId: "" };

beforeAll(async () => {
  a = await seedOrganization();
  const orgB = await seedOrganization();
  const staff = await seedMember(orgB, "staff");
  const ownerB = await callerFor(orgB.owner);
  const invite = await ownerB.team.invite({ email: `invitee-${Date.now()}@example.test`, role: "manager" });
  b = { org: orgB, memberId: staff.memberId, staffEmail: staff.email, invitationId: invite.id };
  callerA = await callerFor(a.owner);
  secretsOfB = [orgB.id, orgB.slug, orgB.owner.email, staff.email, staff.memberId, invite.id];
  const key = await ownerB.apiKeys.create({ name: "B's key", scopes: ["read", "write"] });
  const endpoint = await ownerB.webhooks.create({ url: "http://127.0.0.1:9/b-receiver", eventTypes: ["lead.created"] });
  const delivery = await withOrg(orgB.id, (tx) => emitEvent(tx, orgB.id, "lead.created", { id: "b-event" }));
  const [row] = await db.select({ id: webhookDelivery.id }).from(webhookDelivery).where(eq(webhookDelivery.eventId, delivery.eventId!));
  Object.assign(integrationsOfB, { apiKeyId: key.id, endpointId: endpoint.id, deliveryId: row!.id });
  secretsOfB.push(key.id, key.prefix, endpoint.id, endpoint.secret, row!.id);
});

describe("tenant isolation through every tRPC procedure", () => {
  it("has a case for every procedure", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures.filter((p) => !(p in cases))).toEqual([]);
  });

  for (const [name, run] of Object.entries(cases)) {
    it(`${name}: a member of A gets nothing of B's`, async () => {
      let result: unknown;
      try {
        result = await run(callerA, b);
      } catch (err) {
        const code = (err as { code?: string }).code;
        expect(["NOT_FOUND", "FORBIDDEN", "BAD_REQUEST", "UNAUTHORIZED"]).toContain(code);
        return;
      }
      const text = JSON.stringify(result ?? null);
      for (const secret of secretsOfB) expect(text).not.toContain(secret);
    });
  }

  it("B's data is unchanged after A's attempts", async () => {
    const team = await (await callerFor(b.org.owner)).team.list();
    expect(team.members.find((m) => m.id === b.memberId)?.role).toBe("staff");
    expect(team.invitations.map((i) => i.id)).toContain(b.invitationId);
    const current = await (await callerFor(b.org.owner)).organization.current();
    expect(current.name).not.toBe("Renamed by A");
    const ownerB = await callerFor(b.org.owner);
    expect((await ownerB.apiKeys.list()).find((k) => k.id === integrationsOfB.apiKeyId)?.revokedAt).toBeNull();
    expect((await ownerB.webhooks.list()).find((e) => e.id === integrationsOfB.endpointId)?.enabled).toBe(true);
  });
});

describe("row-level security", () => {
  async function tenantTables(): Promise<string[]> {
    const res = await db.execute<{ table_name: string }>(sql`
      SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
      WHERE c.table_schema = 'public' AND c.column_name = 'organization_id' AND t.table_type = 'BASE TABLE'`);
    return res.rows.map((r) => r.table_name);
  }

  it("a raw query without the organization set returns no tenant rows", async () => {
    const tables = await tenantTables();
    expect(tables).toEqual(expect.arrayContaining(["member", "invitation", "audit_log", "email_outbox"]));
    for (const table of tables) {
      const count = await db.transaction(async (tx) => {
        await tx.execute(sql.raw(`SET LOCAL ROLE ${TENANT_ROLE}`));
        const r = await tx.execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM "${table}"`));
        return r.rows[0]!.n;
      });
      expect(count, table).toBe(0);
    }
    const all = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM member`);
    expect(all.rows[0]!.n).toBeGreaterThan(0);
  });

  it("with organization A set, only A's rows are visible and B's cannot be written", async () => {
    const rows = await withOrg(a.id, (tx) => tx.execute<{ organization_id: string }>(sql`SELECT organization_id FROM member`));
    expect(rows.rows.length).toBeGreaterThan(0);
    expect(new Set(rows.rows.map((r) => r.organization_id))).toEqual(new Set([a.id]));
    const insert = await withOrg(a.id, (tx) =>
      tx.execute(sql`INSERT INTO audit_log (organization_id, actor_label, action, target_type) VALUES (${b.org.id}, 'x', 'x', 'x')`),
    ).catch((err: Error) => err);
    expect(insert).toBeInstanceOf(Error);
    expect(String((insert as Error & { cause?: Error }).cause?.message)).toMatch(/row-level security/);
    const updated = await withOrg(a.id, (tx) => tx.execute(sql`UPDATE member SET role = 'owner' WHERE organization_id = ${b.org.id}`));
    expect(updated.rowCount).toBe(0);
  });
});

/** A lead of B's, created once, for the follow-up cases. */
let leadOfBPromise: Promise<string> | undefined;
function leadOfB(b: B): Promise<string> {
  leadOfBPromise ??= (async () => {
    const [c] = await db.insert(customer).values({ organizationId: b.org.id, name: "B's customer", phone: "+14155550199" }).returning();
    const [l] = await db.insert(lead).values({ organizationId: b.org.id, customerId: c!.id, source: "call" }).returning();
    return l!.id;
  })();
  return leadOfBPromise;
}
