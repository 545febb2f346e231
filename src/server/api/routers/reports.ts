import { z } from "zod";

import { createTRPCRouter } from "@/server/api/trpc";
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

import { actorOf, domainProcedure, managerDomainProcedure } from "./inventory-procedures";

/** Reports page: a preview of a report (downloads are GET /api/reports/<report>) and e-mail schedules (managers). */
const PREVIEW_ROWS = 100;

export const reportsRouter = createTRPCRouter({
  preview: domainProcedure
    .input(ZReportQuery)
    .query(({ ctx, input }) => previewReport(ctx.organizationId, input, PREVIEW_ROWS)),
  schedules: managerDomainProcedure.query(({ ctx }) => ctx.tenant((tx) => listSchedules(tx, ctx.organizationId))),
  createSchedule: managerDomainProcedure
    .input(ZScheduleInput)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => createSchedule(tx, ctx.organizationId, actorOf(ctx), input))),
  updateSchedule: managerDomainProcedure
    .input(ZScheduleUpdate)
    .mutation(({ ctx, input }) => ctx.tenant((tx) => updateSchedule(tx, ctx.organizationId, actorOf(ctx), input))),
  deleteSchedule: managerDomainProcedure
    .input(z.object({ scheduleId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      ctx.tenant((tx) => deleteSchedule(tx, ctx.organizationId, actorOf(ctx), input.scheduleId)),
    ),
});
