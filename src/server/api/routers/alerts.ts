import { desc, eq } from "drizzle-orm";

import { adminProcedure, createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import { recordAudit } from "@/server/audit";
import { getAlertSettings, saveAlertSettings, ZAlertSettings } from "@/server/alerts/settings";
import { operatorAlert } from "@/server/db/schema";

/** Settings > Alerts: what to be told and who is told (owners and admins); the alerts raised (every member). */
export const alertsRouter = createTRPCRouter({
  settings: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => getAlertSettings(tx, ctx.organizationId))),
  updateSettings: adminProcedure.input(ZAlertSettings.partial()).mutation(({ ctx, input }) =>
    ctx.tenant(async (tx) => {
      const saved = await saveAlertSettings(tx, ctx.organizationId, input);
      await recordAudit(tx, {
        organizationId: ctx.organizationId,
        actor: ctx.actor,
        action: "alert_settings.updated",
        targetType: "organization",
        targetId: ctx.organizationId,
        data: { fields: Object.keys(input) },
      });
      return saved;
    }),
  ),
  recent: orgProcedure.query(({ ctx }) =>
    ctx.tenant((tx) =>
      tx
        .select({
          id: operatorAlert.id,
          kind: operatorAlert.kind,
          subject: operatorAlert.subject,
          body: operatorAlert.body,
          link: operatorAlert.link,
          deliveries: operatorAlert.deliveries,
          createdAt: operatorAlert.createdAt,
        })
        .from(operatorAlert)
        .where(eq(operatorAlert.organizationId, ctx.organizationId))
        .orderBy(desc(operatorAlert.createdAt))
        .limit(50),
    ),
  ),
});
