import { z } from "zod";

import { adminProcedure, createTRPCRouter, managerProcedure, orgProcedure } from "@/server/api/trpc";
import { respond, startConversation } from "@/server/agent/engine";
import { getGateCodePolicy, setGateCodePolicy } from "@/server/agent/caller-verification";
import { getAgentSettings, updateAgentSettings } from "@/server/agent/llm/org-settings";
import { listMessages } from "@/server/agent/store/conversation-store";
import { conversation, GATE_CODE_POLICIES } from "@/server/db/schema";
import { toE164 } from "@/lib/normalize-phone";
import { notFound } from "@/server/domain/errors";
import {
  getFacilityAgentSettings,
  updateFacilityAgentSettings,
  ZFacilityAgentSettings,
} from "@/server/domain/facilities/agent-settings";
import { and, eq } from "drizzle-orm";

export const ZPlaygroundStart = z.object({
  facilityId: z.uuid(),
  /** The channel the playground behaves as: pricing, caller ID and texts follow it. */
  channel: z.enum(["voice", "sms", "chat"]).default("voice"),
  /** A caller ID to simulate (voice and SMS), e.g. an existing customer's phone. */
  fromAddress: z
    .string()
    .trim()
    .max(40)
    .nullish()
    // A caller ID that is not a phone number used to be dropped silently (the engine uses E.164 only).
    .transform((raw, ctx) => {
      if (!raw) return null;
      const e164 = toE164(raw);
      if (!e164) ctx.addIssue({ code: "custom", message: "Enter the caller ID as a phone number, e.g. +15125550123." });
      return e164;
    }),
  language: z.enum(["en", "es"]).optional(),
});
export const ZPlaygroundSay = z.object({
  conversationId: z.uuid(),
  text: z.string().max(2000),
  brain: z.enum(["default", "llm", "auto"]).default("auto"),
});
export const ZConversationGet = z.object({ conversationId: z.uuid() });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => v || null);
export const ZAgentSettings = z.object({
  brain: z.enum(["default", "llm"]),
  model: optionalText(100),
  /** An OpenAI-compatible endpoint, e.g. https://example.openai.azure.com/openai/v1 or http://localhost:11434/v1. */
  baseUrl: optionalText(500).refine((v) => v === null || /^https?:\/\/[^\s/]+/i.test(v), "must be an http(s) URL"),
  /** A new key; omit to keep the stored one, null to remove it. Never returned by `settings`. */
  apiKey: z.string().trim().min(8).max(500).nullable().optional(),
});

/**
 * The agent in the dashboard: managers and up can talk to it as a caller of a chosen facility and
 * see each turn's intent, entities, tool calls and brain. Its actions are real (a reservation made
 * here holds a unit), as they would be for a caller, so the playground needs the role that makes
 * reservations in the dashboard (reservations.create): staff, who cannot, were booking units here.
 */
export const agentRouter = createTRPCRouter({
  /** Which brain answers this organization's callers (admins only: it holds a credential). */
  settings: adminProcedure.query(({ ctx }) => getAgentSettings(ctx.organizationId)),
  updateSettings: adminProcedure
    .input(ZAgentSettings)
    .mutation(({ ctx, input }) =>
      updateAgentSettings({ organizationId: ctx.organizationId, actor: ctx.actor, ...input }),
    ),
  /** How the agent may give a caller their gate code (admins: it decides who can open the gate). */
  gateCodePolicy: adminProcedure.query(async ({ ctx }) => ({ policy: await getGateCodePolicy(ctx.organizationId) })),
  setGateCodePolicy: adminProcedure
    .input(z.object({ policy: z.enum(GATE_CODE_POLICIES) }))
    .mutation(async ({ ctx, input }) => ({
      policy: await setGateCodePolicy(ctx.organizationId, ctx.actor, input.policy),
    })),
  /** One facility's agent behaviour: transfer numbers, greeting, transfers, after hours, promotions. */
  facilitySettings: managerProcedure
    .input(z.object({ facilityId: z.uuid() }))
    .query(({ ctx, input }) => ctx.tenant((tx) => getFacilityAgentSettings(tx, ctx.organizationId, input.facilityId))),
  updateFacilitySettings: managerProcedure
    .input(ZFacilityAgentSettings)
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => updateFacilityAgentSettings(tx, ctx.organizationId, ctx.actor, input)),
    ),
  playground: createTRPCRouter({
    start: managerProcedure.input(ZPlaygroundStart).mutation(({ ctx, input }) =>
      startConversation({
        organizationId: ctx.organizationId,
        channel: "playground",
        simulate: input.channel,
        facilityId: input.facilityId,
        fromAddress: input.fromAddress ?? null,
        language: input.language,
      }),
    ),
    say: managerProcedure.input(ZPlaygroundSay).mutation(({ ctx, input }) =>
      respond({
        organizationId: ctx.organizationId,
        conversationId: input.conversationId,
        text: input.text,
        brain: input.brain,
      }),
    ),
  }),
  conversation: createTRPCRouter({
    get: orgProcedure.input(ZConversationGet).query(({ ctx, input }) =>
      ctx.tenant(async (tx) => {
        const [row] = await tx
          .select()
          .from(conversation)
          .where(and(eq(conversation.organizationId, ctx.organizationId), eq(conversation.id, input.conversationId)));
        if (!row) throw notFound("Conversation");
        return { conversation: row, messages: await listMessages(tx, ctx.organizationId, row.id) };
      }),
    ),
  }),
});
