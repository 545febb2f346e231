import { eq } from "drizzle-orm";

import { saveAlertSettings } from "@/server/alerts/settings";
import { withOrg } from "@/server/db/client";
import { alertSettings, reportSchedule } from "@/server/db/schema";
import { createSchedule } from "@/server/reports/schedules";

/**
 * The demo organization hears about reservations, after-hours requests for a person, waiting leads
 * and a failing agent by e-mail (read in Settings › Outbox), and gets the rent roll every Monday.
 * Only on a first start: an operator's later changes are kept.
 */
export async function seedDemoReportsAndAlerts(organizationId: string, email: string) {
  await withOrg(organizationId, async (tx) => {
    const [settings] = await tx
      .select({ id: alertSettings.organizationId })
      .from(alertSettings)
      .where(eq(alertSettings.organizationId, organizationId));
    if (!settings) {
      const on = { enabled: true, email: true, sms: false };
      await saveAlertSettings(tx, organizationId, {
        emailRecipients: [email],
        rules: {
          reservation_created: on,
          after_hours_person: on,
          message_taken: on,
          lead_waiting: on,
          agent_failing: on,
        },
      });
    }
    const [schedule] = await tx
      .select({ id: reportSchedule.id })
      .from(reportSchedule)
      .where(eq(reportSchedule.organizationId, organizationId))
      .limit(1);
    if (!schedule)
      await createSchedule(
        tx,
        organizationId,
        { label: "demo seed" },
        { report: "rent_roll", frequency: "weekly", recipients: [email] },
      );
  });
}
