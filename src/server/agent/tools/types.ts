/**
 * A tool is the only way either brain learns or changes anything: a name, a zod schema for its
 * arguments (also sent to the model as JSON schema), and run(ctx, args) calling domain services in
 * the turn's tenant transaction. Tools read the caller's verification and channel from the dialogue
 * state, never from arguments, so a model cannot talk its way past a check.
 */
import type { z } from "zod";

import type { Transaction } from "@/server/db/client";
import type { ToolCallRecord } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import type { DialogueState } from "@/server/agent/dialogue/state";
import type { FacilityFacts } from "@/server/agent/store/facility-facts";

export interface ToolContext {
  tx: Transaction;
  organizationId: string;
  conversationId: string;
  now: Date;
  actor: Actor;
  /** Mutable: verify_caller records a verified caller here, capture_lead the lead id. */
  state: DialogueState;
  facts: FacilityFacts;
  /** Every call made this turn, in order. */
  calls: ToolCallRecord[];
  /** Secrets this turn revealed (gate codes): given to the caller, replaced in everything stored (agent/secrets.ts). */
  secrets?: string[];
  /**
   * Gate codes to add to the reply the caller gets (the "read_after_code" policy): the engine does,
   * so neither a tool result nor a model ever holds one.
   */
  gateCodesToSay?: { unitNumber: string | null; gateCode: string }[];
}

export interface ToolDefinition<A extends z.ZodType = z.ZodType, R = unknown> {
  name: string;
  description: string;
  /** Writes to the database: runs in a savepoint so a failure cannot abort the turn's transaction. */
  mutates?: boolean;
  args: A;
  run(ctx: ToolContext, args: z.output<A>): Promise<R>;
}

export function defineTool<A extends z.ZodType, R>(def: ToolDefinition<A, R>): ToolDefinition<A, R> {
  return def;
}

/** A refusal or failure a brain can say out loud; never an exception. */
export interface ToolRefusal {
  ok: false;
  reason: string;
  message: string;
}

export const refuse = (reason: string, message: string): ToolRefusal => ({ ok: false, reason, message });
