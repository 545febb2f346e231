/**
 * The organization's agent setting (Settings > Agent): which brain answers its callers and, for the
 * LLM brain, which model, endpoint and key. The key is encrypted at rest like gate codes and never
 * leaves the server: reads say only whether one is set.
 *
 * Security rule: the deployment's OPENAI_API_KEY is only ever sent to the deployment's own endpoint.
 * An organization that points the agent at its own base URL must bring its own key.
 */
import { eq } from "drizzle-orm";

import { env } from "@/env";
import { recordAudit, type AuditEntry } from "@/server/audit";
import { withOrg, type Transaction } from "@/server/db/client";
import { configVersionOf, OrgConfigCache } from "@/server/db/org-config-cache";
import { agentSettings, type AgentBrainSetting } from "@/server/db/schema";
import { DomainError } from "@/server/domain/errors";
import { outboundUrlProblem } from "@/server/http/outbound-guard";
import { decryptSecret, encryptSecret } from "@/server/auth/encryption";

export interface OrgLlmSetting {
  brain: AgentBrainSetting;
  model: string | null;
  baseUrl: string | null;
  apiKey: string | null;
}

export interface AgentSettingsView {
  /** "deployment": no organization setting yet, the server's OPENAI_* variables decide. */
  source: "organization" | "deployment";
  brain: AgentBrainSetting;
  model: string | null;
  baseUrl: string | null;
  apiKey: "set" | "not set";
  deployment: { llmConfigured: boolean; model: string };
}

// A turn must not pay a query for a setting that changes a few times a year: agent turns read it from
// a cache valid for the organization's config version (agent_settings changes bump it, migration
// 0028), so a save shows on the next turn in every process. Without a known version, the table.
const cached = new OrgConfigCache();

async function readRow(tx: Transaction, organizationId: string) {
  const [row] = await tx.select().from(agentSettings).where(eq(agentSettings.organizationId, organizationId));
  return row ?? null;
}

async function loadSetting(tx: Transaction, organizationId: string): Promise<OrgLlmSetting | null> {
  const row = await readRow(tx, organizationId);
  return row
    ? {
        brain: row.brain,
        model: row.model,
        baseUrl: row.baseUrl,
        apiKey: row.apiKeyEncrypted ? decryptSecret(row.apiKeyEncrypted) : null,
      }
    : null;
}

/** The organization's setting with its key decrypted, or null when it has none (use the deployment's). */
export function orgLlmSetting(tx: Transaction, organizationId: string): Promise<OrgLlmSetting | null> {
  const version = configVersionOf(tx, organizationId);
  return version
    ? cached.get(organizationId, "llm-setting", version, () => loadSetting(tx, organizationId))
    : loadSetting(tx, organizationId);
}

export async function getAgentSettings(organizationId: string): Promise<AgentSettingsView> {
  const row = await withOrg(organizationId, (tx) => readRow(tx, organizationId));
  return {
    source: row ? "organization" : "deployment",
    brain: row?.brain ?? (env.OPENAI_API_KEY ? "llm" : "default"),
    model: row?.model ?? null,
    baseUrl: row?.baseUrl ?? null,
    apiKey: row?.apiKeyEncrypted ? "set" : "not set",
    deployment: { llmConfigured: !!env.OPENAI_API_KEY, model: env.OPENAI_MODEL },
  };
}

export interface UpdateAgentSettingsInput {
  organizationId: string;
  actor: AuditEntry["actor"];
  brain: AgentBrainSetting;
  model: string | null;
  baseUrl: string | null;
  /** A new key replaces the stored one; null removes it; undefined keeps it. */
  apiKey?: string | null;
}

export async function updateAgentSettings(input: UpdateAgentSettingsInput): Promise<AgentSettingsView> {
  await withOrg(input.organizationId, async (tx) => {
    const current = await readRow(tx, input.organizationId);
    const apiKeyEncrypted =
      input.apiKey === undefined
        ? (current?.apiKeyEncrypted ?? null)
        : input.apiKey === null
          ? null
          : encryptSecret(input.apiKey);
    // The model is called from our network: not at our own services (SSRF). Connect time checks again.
    const urlProblem = input.baseUrl ? outboundUrlProblem(input.baseUrl) : null;
    if (urlProblem) throw new DomainError("BAD_REQUEST", `Base URL: ${urlProblem}`, { field: "baseUrl" });
    if (input.baseUrl && !apiKeyEncrypted) {
      throw new DomainError(
        "BAD_REQUEST",
        "A custom base URL needs its own API key: the platform's key is never sent to another server.",
      );
    }
    if (input.brain === "llm" && !apiKeyEncrypted && !env.OPENAI_API_KEY) {
      throw new DomainError("BAD_REQUEST", "Add an API key to use the LLM brain: this server has no model configured.");
    }
    const values = {
      brain: input.brain,
      model: input.model,
      baseUrl: input.baseUrl,
      apiKeyEncrypted,
      updatedAt: new Date(),
    };
    await tx
      .insert(agentSettings)
      .values({ organizationId: input.organizationId, ...values })
      .onConflictDoUpdate({ target: agentSettings.organizationId, set: values });
    await recordAudit(tx, {
      organizationId: input.organizationId,
      actor: input.actor,
      action: "agent.settings_updated",
      targetType: "organization",
      targetId: input.organizationId,
      // Never the key itself, only whether it changed.
      data: {
        brain: input.brain,
        model: input.model,
        baseUrl: input.baseUrl,
        apiKey: input.apiKey === undefined ? "kept" : input.apiKey === null ? "removed" : "replaced",
      },
    });
  });
  return getAgentSettings(input.organizationId);
}
