/** Recurring workflows (cron), applied after launch. Filled in as the scheduled workflows land. */
export async function startScheduledWorkflows() {}
