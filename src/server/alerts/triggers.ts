import { withOrg, type Executor } from "@/server/db/client";
import { enqueueWorkflow } from "@/server/jobs/client";
import { WORKFLOWS } from "@/server/jobs/names";
import { log } from "@/server/log";

import type { EventAlertKind } from "./events";
import { getAlertSettings, type AlertSettings } from "./settings";

/**
 * Called where an alertable event happens (a reservation committed, a caller asking for a person
 * while the office is closed). The rule is checked first, so organizations without alerts pay one
 * small read (in the caller's transaction when it passes one); otherwise the operatorAlert workflow is enqueued under an id made from the event, so
 * the same event enqueued twice is one workflow. Failures are logged: the event itself happened.
 */
export async function queueEventAlert(
  organizationId: string,
  kind: EventAlertKind,
  subjectId: string,
  ex?: Executor | { settings: AlertSettings },
): Promise<void> {
  try {
    // Settings the caller already read (an agent turn, in its transaction) cost nothing here.
    const settings =
      ex && "settings" in ex
        ? ex.settings
        : ex
          ? await getAlertSettings(ex, organizationId)
          : await withOrg(organizationId, (tx) => getAlertSettings(tx, organizationId));
    if (!settings.rules[kind].enabled) return;
    await enqueueWorkflow({
      workflowName: WORKFLOWS.operatorAlert,
      workflowId: `alert:${kind}:${subjectId}`,
      organizationId,
      args: [{ organizationId, kind, subjectId }],
    });
  } catch (err) {
    log.error({ organizationId, kind, err: String(err) }, "could not queue an operator alert");
  }
}
