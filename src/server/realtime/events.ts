import { z } from "zod";

/**
 * Realtime events carry ids only: listeners re-read the rows they care about through tRPC, so an
 * event never leaks data past the reader's own authorisation and always fits a NOTIFY payload.
 */
export const ZRealtimeEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("conversation.started"), conversationId: z.string(), channel: z.string() }),
  z.object({ type: z.literal("conversation.updated"), conversationId: z.string() }),
  z.object({ type: z.literal("conversation.ended"), conversationId: z.string() }),
  z.object({ type: z.literal("message.created"), conversationId: z.string(), seq: z.number().int() }),
  // Sent by the transaction that changed the lead or reservation (notifyInTransaction): GraphQL's
  // leadChanged and reservationChanged subscriptions listen to them in every process.
  z.object({ type: z.literal("lead.changed"), leadId: z.string() }),
  z.object({ type: z.literal("reservation.changed"), reservationId: z.string() }),
]);
export type RealtimeEvent = z.infer<typeof ZRealtimeEvent>;

/** Postgres NOTIFY channel shared by every app process. */
export const NOTIFY_CHANNEL = "storage_agent_realtime";
/** Postgres rejects NOTIFY payloads of 8000 bytes or more. */
export const MAX_NOTIFY_BYTES = 7999;

export const ZEnvelope = z.object({ o: z.string(), e: ZRealtimeEvent });
export type Envelope = z.infer<typeof ZEnvelope>;
