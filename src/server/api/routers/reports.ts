import { z } from "zod";

import { createTRPCRouter, managerProcedure, orgProcedure } from "@/server/api/trpc";
import { previewReport } from "@/server/reports/build-report";
import {
  createSchedule,
  deleteSchedule,
  listSchedules,
  updateSchedule,
  ZScheduleInput,
  ZScheduleUpdate,
} from "@/server/reports/schedules";
import { ZReportQuery } from "@/server/reports/types";

/** Reports page: a preview of a report (downloads are GET /api/reports/<report>) and e-mail schedules (managers). */
const PREVIEW_ROWS = 100;

export const reportsRouter = createTRPCRouter({
  preview: orgProcedure
    .input(ZReportQuery)
    .query(({ ctx, input }) => previewReport(ctx.organizationId, input, PREVIEW_ROWS)),
  schedules: managerProcedure.query(({ ctx }) => ctx.tenant((tx) => listSchedules(tx, ctx.organizationId))),
  createSchedule: managerProcedure
    .input(ZScheduleInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => createSchedule(tx, ctx.organizationId, ctx.actor, input))),
  updateSchedule: managerProcedure
    .input(ZScheduleUpdate)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => updateSchedule(tx, ctx.organizationId, ctx.actor, input))),
  deleteSchedule: managerProcedure
    .input(z.object({ scheduleId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => deleteSchedule(tx, ctx.organizationId, ctx.actor, input.scheduleId)),
    ),
});
