/**
 * Limits shared by the tRPC client (the dashboard's batch link) and the server. A batch runs every
 * call it carries in one request, so an unbounded one lets a single request fan out into thousands
 * of procedures; the link splits larger batches itself, so the dashboard never meets the cap.
 */
export const TRPC_MAX_BATCH_SIZE = 20;
