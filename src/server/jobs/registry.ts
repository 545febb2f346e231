import { followUpSequence } from "./workflows/follow-up-sequence";
import { reservationLifecycle } from "./workflows/reservation-lifecycle";

/**
 * Every workflow this app runs. Importing a workflow module registers it with DBOS, which must
 * happen before DBOS.launch(); only processes that run workflows (server.ts, the worker, tests)
 * import this file. Route handlers start workflows by name through ./client instead.
 */
const registered = [followUpSequence, reservationLifecycle];

export function registerWorkflows() {
  return registered.length;
}
