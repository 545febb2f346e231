/**
 * The agent's tools: the same list for the default brain (called by name) and the LLM brain (sent as
 * function definitions). runTool validates arguments, runs the tool in a savepoint so a failing
 * tool never aborts the turn's transaction, and records the call with its result and duration.
 */
import { sql } from "drizzle-orm";
import type { ClientBase } from "pg";
import { z } from "zod";

import type { Transaction } from "@/server/db/client";
import type { ToolCallRecord } from "@/server/db/schema";
import { DomainError } from "@/server/domain/errors";
import { log } from "@/server/log";

import { cancelReservation } from "./cancel-reservation";
import { captureLead } from "./capture-lead";
import { createReservation } from "./create-reservation";
import { facilityInfo } from "./facility-info";
import { getAccount } from "./get-account";
import { getQuote } from "./get-quote";
import { searchAvailability } from "./search-availability";
import { sendLinkSms } from "./send-link-sms";
import { takeMessage } from "./take-message";
import { takePaymentByPhone } from "./take-payment-by-phone";
import { transferToPerson } from "./transfer-to-person";
import type { ToolContext, ToolDefinition } from "./types";
import { verifyCaller } from "./verify-caller";

export type { ToolContext, ToolDefinition } from "./types";

export const TOOLS = {
  search_availability: searchAvailability,
  get_quote: getQuote,
  create_reservation: createReservation,
  cancel_reservation: cancelReservation,
  capture_lead: captureLead,
  facility_info: facilityInfo,
  verify_caller: verifyCaller,
  get_account: getAccount,
  transfer_to_person: transferToPerson,
  take_message: takeMessage,
  send_link_sms: sendLinkSms,
  take_payment_by_phone: takePaymentByPhone,
} as const;

export type ToolName = keyof typeof TOOLS;
type ArgsOf<N extends ToolName> = z.input<(typeof TOOLS)[N]["args"]>;
type ResultOf<N extends ToolName> = Awaited<ReturnType<(typeof TOOLS)[N]["run"]>>;

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(TOOLS, name);
}

export class ToolArgsError extends Error {
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(message);
    this.name = "ToolArgsError";
  }
}

/** Runs a tool by name with unchecked arguments (from a model); throws ToolArgsError on bad arguments. */
export async function runToolUnchecked(ctx: ToolContext, name: string, rawArgs: unknown): Promise<unknown> {
  if (!isToolName(name)) throw new ToolArgsError(name, `unknown tool ${name}`);
  const def = TOOLS[name] as unknown as ToolDefinition;
  const parsed = def.args.safeParse(rawArgs);
  if (!parsed.success) throw new ToolArgsError(name, z.prettifyError(parsed.error));
  return execute(ctx, def, (rawArgs ?? {}) as Record<string, unknown>, parsed.data);
}

/** Runs a tool the default brain chose; arguments are typed. */
export async function runTool<N extends ToolName>(ctx: ToolContext, name: N, args: ArgsOf<N>): Promise<ResultOf<N>> {
  const def = TOOLS[name] as unknown as ToolDefinition;
  const parsed = def.args.parse(args);
  return (await execute(ctx, def, args as Record<string, unknown>, parsed)) as ResultOf<N>;
}

/**
 * Runs a mutating tool in a savepoint: a failure rolls back the tool's own writes and nothing else.
 * The savepoint is not released on success (COMMIT releases it, and a RELEASE is one more round
 * trip on the latency path: a booking turn runs two mutating tools). The next tool's savepoint of the
 * same name nests inside it and ROLLBACK TO names the innermost one, so each failing tool still undoes
 * exactly its own writes (tests/agent/tool-savepoint.integration.test.ts).
 *
 * SAVEPOINT is queued on the turn's connection at once and its answer awaited only after the tool:
 * a connection runs its statements in the order they were queued, so every statement of the tool
 * runs inside the savepoint, and the savepoint's round trip overlaps the tool's own work before its
 * first statement instead of adding to it. A failed SAVEPOINT still fails the tool. This leans on
 * pg 8 queuing a query behind a running one, which pg@9 removes: before that upgrade, await the
 * SAVEPOINT ahead of the tool (one more round trip per mutating tool).
 */
async function inSavepoint<T>(tx: Transaction, run: () => Promise<T>): Promise<T> {
  const opened = connectionOf(tx).query("savepoint agent_tool");
  opened.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
  try {
    const result = await run();
    await opened;
    return result;
  } catch (err) {
    await tx.execute(sql.raw("rollback to savepoint agent_tool"));
    throw err;
  }
}

/** The pg connection under a drizzle transaction (its NodePgSession keeps it as `client`). */
const connectionOf = (tx: Transaction) => (tx as unknown as { session: { client: ClientBase } }).session.client;

async function execute(
  ctx: ToolContext,
  def: ToolDefinition,
  shownArgs: Record<string, unknown>,
  args: unknown,
): Promise<unknown> {
  const started = performance.now();
  let result: unknown;
  let ok = true;
  try {
    // Reads skip the savepoint: two round trips saved on the latency path of a call.
    result = def.mutates ? await inSavepoint(ctx.tx, () => def.run(ctx, args)) : await def.run(ctx, args);
    ok = !(result && typeof result === "object" && "ok" in result && result.ok === false);
  } catch (err) {
    ok = false;
    if (err instanceof DomainError)
      result = { ok: false, reason: err.code.toLowerCase(), message: err.message, details: err.details ?? null };
    else {
      log.error({ tool: def.name, err: String(err) }, "agent tool failed");
      result = { ok: false, reason: "error", message: "The tool failed; apologise and offer a person." };
    }
  }
  const record: ToolCallRecord = {
    name: def.name,
    args: shownArgs,
    result,
    ok,
    ms: Math.round((performance.now() - started) * 100) / 100,
  };
  ctx.calls.push(record);
  return result;
}

/** Function definitions for the chat completions API. */
export function toolSchemas() {
  return Object.values(TOOLS).map((t) => ({
    type: "function" as const,
    function: {
      name: t.name,
      description: t.description,
      parameters: z.toJSONSchema(t.args as z.ZodType, { io: "input" }) as Record<string, unknown>,
    },
  }));
}
