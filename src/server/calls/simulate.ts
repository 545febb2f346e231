import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";

import { simulateCall, simulateSms } from "@/server/channels/simulator/call";
import { inProcessTransport } from "@/server/channels/simulator/in-process";
import { randomCallerNumber, randomSid } from "@/server/channels/simulator/transport";
import type { Transaction } from "@/server/db/client";
import { phoneNumber } from "@/server/db/schema";
import { DomainError } from "@/server/domain/errors";
import { log } from "@/server/log";

/**
 * "Simulate a call" in the dashboard: the same simulator as `npm run call`, run in the server
 * against the app's own webhook handlers with signed requests. It returns as soon as the call is
 * placed and plays the rest in the background with short pauses, so the live view shows each turn
 * arriving as it would on a real call.
 */
export const DEFAULT_SIM_CALL = [
  "Hi, how much is a ten by ten?",
  "What are your office hours?",
  "Thanks, that's all. Goodbye.",
];
export const DEFAULT_SIM_TEXTS = ["Hi, do you have a 10x10 available?", "What are your hours?"];

export const ZSimulate = z.object({
  channel: z.enum(["voice", "sms"]).default("voice"),
  phoneNumberId: z.uuid().nullish(),
  utterances: z.array(z.string().trim().min(1).max(500)).max(12).nullish(),
  pauseMs: z.number().int().min(0).max(5000).default(800),
});
export type SimulateInput = z.input<typeof ZSimulate>;

export async function pickSimulationNumber(
  tx: Transaction,
  organizationId: string,
  phoneNumberId: string | null | undefined,
) {
  const active = and(eq(phoneNumber.organizationId, organizationId), eq(phoneNumber.status, "active"));
  const [row] = await tx
    .select({ id: phoneNumber.id, e164: phoneNumber.e164 })
    .from(phoneNumber)
    .where(phoneNumberId ? and(active, eq(phoneNumber.id, phoneNumberId)) : active)
    .orderBy(asc(phoneNumber.createdAt))
    .limit(1);
  if (!row) {
    throw new DomainError(
      phoneNumberId ? "NOT_FOUND" : "BAD_REQUEST",
      phoneNumberId
        ? "No such active phone number in this organization."
        : "Add a phone number first (Settings > Phone numbers): simulated calls ring one of your numbers.",
    );
  }
  return row;
}

export function startSimulation(organizationId: string, to: string, raw: SimulateInput) {
  const input = ZSimulate.parse(raw);
  const transport = inProcessTransport();
  const from = randomCallerNumber();
  const callSid = randomSid("CA");
  const run =
    input.channel === "sms"
      ? simulateSms({
          transport,
          to,
          from,
          messages: input.utterances?.length ? input.utterances : DEFAULT_SIM_TEXTS,
          pauseMs: input.pauseMs,
        })
      : simulateCall({
          transport,
          to,
          from,
          callSid,
          utterances: input.utterances?.length ? input.utterances : DEFAULT_SIM_CALL,
          pauseMs: input.pauseMs,
        });
  const done = run.catch((err: unknown) => {
    log.error({ err: String(err), organizationId }, "simulated call failed");
    return null;
  });
  return { channel: input.channel, to, from, callSid: input.channel === "voice" ? callSid : null, done };
}
