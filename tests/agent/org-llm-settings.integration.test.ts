import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { env } from "@/env";
import { respond, startConversation } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { agentSettings, auditLog } from "@/server/db/schema";
import { decryptSecret } from "@/server/auth/encryption";

import { callerFor, seedMember, seedOrganization, type TestOrg } from "../factories";
import { startFakeOpenAI, type FakeOpenAI } from "../fakes/openai-server";
import { OPEN_NOW, seedAgentFacility } from "./seed";

/**
 * Settings > Agent: each organization picks its brain, and for the LLM brain its model, endpoint and
 * key. Organization A talks to the fake OpenAI server with its own key; organization B, beside it in
 * the same process, keeps the default brain.
 */
const ORG_KEY = "sk-org-a-secret-0123456789";
let fake: FakeOpenAI;
const saved = {
  OPENAI_API_KEY: env.OPENAI_API_KEY,
  OPENAI_BASE_URL: env.OPENAI_BASE_URL,
  OPENAI_MODEL: env.OPENAI_MODEL,
};

beforeAll(async () => {
  fake = await startFakeOpenAI(() => ({ kind: "text", text: "Hello from the organization's model." }));
});
beforeEach(() => {
  Object.assign(env, {
    OPENAI_API_KEY: undefined,
    OPENAI_BASE_URL: undefined,
    OPENAI_MODEL: "gpt-4o-mini",
    AGENT_LLM_TIMEOUT_MS: 1500,
  });
});
afterAll(async () => {
  Object.assign(env, saved);
  await fake.close();
});

const facilityOf = new Map<string, string>();
async function talk(org: TestOrg, text = "hello there") {
  if (!facilityOf.has(org.id)) facilityOf.set(org.id, (await seedAgentFacility(org.id)).facility.id);
  const start = await startConversation({
    organizationId: org.id,
    channel: "voice",
    facilityId: facilityOf.get(org.id),
    fromAddress: "+15125550177",
    now: OPEN_NOW,
  });
  return respond({ organizationId: org.id, conversationId: start.conversationId, text, now: OPEN_NOW });
}

describe("per-organization agent setting", () => {
  it("org A answers with its own model, endpoint and key; org B keeps the default brain", async () => {
    const a = await seedOrganization();
    const b = await seedOrganization();
    const ownerA = await callerFor(a.owner);

    const view = await ownerA.agent.updateSettings({
      brain: "llm",
      model: "org-a-model",
      baseUrl: fake.url,
      apiKey: ORG_KEY,
    });
    expect(view).toMatchObject({
      source: "organization",
      brain: "llm",
      model: "org-a-model",
      baseUrl: fake.url,
      apiKey: "set",
    });
    // The key never goes back to the browser, neither from the save nor from a later read.
    expect(JSON.stringify(view)).not.toContain(ORG_KEY);
    expect(JSON.stringify(await ownerA.agent.settings())).not.toContain(ORG_KEY);

    // Encrypted at rest (AES-GCM, like gate codes), and not in the audit log.
    const [row] = await db.select().from(agentSettings).where(eq(agentSettings.organizationId, a.id));
    expect(row!.apiKeyEncrypted).not.toContain(ORG_KEY);
    expect(decryptSecret(row!.apiKeyEncrypted!)).toBe(ORG_KEY);
    const audits = await db.select().from(auditLog).where(eq(auditLog.organizationId, a.id));
    const audit = audits.find((x) => x.action === "agent.settings_updated");
    expect(audit?.data).toMatchObject({ brain: "llm", apiKey: "replaced" });
    expect(JSON.stringify(audits)).not.toContain(ORG_KEY);

    const before = fake.requests.length;
    const turnA = await talk(a);
    expect(turnA.brain).toBe("llm");
    expect(turnA.reply).toBe("Hello from the organization's model.");
    expect(fake.requests.length).toBe(before + 1);
    expect(fake.requests[before]!.model).toBe("org-a-model");
    expect(fake.authorizations[before]).toBe(`Bearer ${ORG_KEY}`);

    const turnB = await talk(b);
    expect(turnB.brain).toBe("default");
    expect(fake.requests.length).toBe(before + 1);
    expect(await (await callerFor(b.owner)).agent.settings()).toMatchObject({
      source: "deployment",
      brain: "default",
      apiKey: "not set",
    });
  });

  it("the organization's setting wins over the deployment's OPENAI_* variables", async () => {
    Object.assign(env, {
      OPENAI_API_KEY: "sk-deployment-key",
      OPENAI_BASE_URL: fake.url,
      OPENAI_MODEL: "deployment-model",
    });
    const usesEnv = await seedOrganization();
    const optedOut = await seedOrganization();
    await (await callerFor(optedOut.owner)).agent.updateSettings({ brain: "default", model: null, baseUrl: null });

    const before = fake.requests.length;
    expect((await talk(usesEnv)).brain).toBe("llm");
    expect(fake.requests[before]!.model).toBe("deployment-model");
    expect(fake.authorizations[before]).toBe("Bearer sk-deployment-key");
    expect((await talk(optedOut)).brain).toBe("default");
    expect(fake.requests.length).toBe(before + 1);

    // LLM with only a model name: the deployment's endpoint and key, the organization's model.
    const ownModel = await seedOrganization();
    await (
      await callerFor(ownModel.owner)
    ).agent.updateSettings({ brain: "llm", model: "bigger-model", baseUrl: null });
    expect((await talk(ownModel)).brain).toBe("llm");
    expect(fake.requests.at(-1)!.model).toBe("bigger-model");

    // A save made by another process (written straight to the table here) applies from the next turn.
    await db.update(agentSettings).set({ brain: "default" }).where(eq(agentSettings.organizationId, ownModel.id));
    expect((await talk(ownModel)).brain).toBe("default");
    await db
      .update(agentSettings)
      .set({ brain: "llm", model: "other-model" })
      .where(eq(agentSettings.organizationId, ownModel.id));
    expect((await talk(ownModel)).brain).toBe("llm");
    expect(fake.requests.at(-1)!.model).toBe("other-model");
  });

  it("refuses what would leak or cannot work, and keeps, replaces or removes the key on request", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    // The platform's key is never sent to a URL an organization typed.
    Object.assign(env, { OPENAI_API_KEY: "sk-deployment-key", OPENAI_BASE_URL: fake.url });
    await expect(
      owner.agent.updateSettings({ brain: "llm", model: null, baseUrl: "https://attacker.example/v1" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    Object.assign(env, { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined });
    await expect(owner.agent.updateSettings({ brain: "llm", model: null, baseUrl: null })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      owner.agent.updateSettings({ brain: "llm", model: null, baseUrl: "ftp://x.example" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.select().from(agentSettings).where(eq(agentSettings.organizationId, org.id))).toEqual([]);

    await owner.agent.updateSettings({ brain: "llm", model: "m1", baseUrl: fake.url, apiKey: ORG_KEY });
    // Saving without apiKey keeps the stored key.
    expect(await owner.agent.updateSettings({ brain: "llm", model: "m2", baseUrl: fake.url })).toMatchObject({
      model: "m2",
      apiKey: "set",
    });
    expect((await talk(org)).brain).toBe("llm");
    expect(fake.authorizations.at(-1)).toBe(`Bearer ${ORG_KEY}`);
    // Removing the key while a custom URL is set is refused; removing both falls back to the default brain.
    await expect(
      owner.agent.updateSettings({ brain: "llm", model: null, baseUrl: fake.url, apiKey: null }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(
      await owner.agent.updateSettings({ brain: "default", model: null, baseUrl: null, apiKey: null }),
    ).toMatchObject({ brain: "default", apiKey: "not set" });
    expect((await talk(org)).brain).toBe("default");
  });

  it("is for admins only", async () => {
    const org = await seedOrganization();
    for (const role of ["manager", "staff"] as const) {
      const member = await callerFor(await seedMember(org, role));
      await expect(member.agent.settings()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(member.agent.updateSettings({ brain: "default", model: null, baseUrl: null })).rejects.toMatchObject(
        { code: "FORBIDDEN" },
      );
    }
    const admin = await callerFor(await seedMember(org, "admin"));
    expect(await admin.agent.settings()).toMatchObject({ apiKey: "not set" });
  });
});
