import { z } from "zod";

import { createTRPCRouter, orgProcedure } from "@/server/api/trpc";
import * as metrics from "@/server/analytics/metrics";
import { readAnalytics } from "@/server/analytics/read";

/**
 * Analytics for every member of the organization: each procedure is one figure of the metrics
 * module, for the filter's period with the previous period beside it. Bad filters (a reversed or
 * too long range) come back as BAD_REQUEST with the reason.
 */
const figure = orgProcedure.input(metrics.ZAnalyticsFilter);

export const analyticsRouter = createTRPCRouter({
  volume: figure.query(({ ctx, input }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.callVolume(tx, ctx.organizationId, input)),
  ),
  outcomes: figure.query(({ ctx, input }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.outcomes(tx, ctx.organizationId, input)),
  ),
  funnel: figure.query(({ ctx, input }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.funnel(tx, ctx.organizationId, input)),
  ),
  leads: figure.query(({ ctx, input }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.leads(tx, ctx.organizationId, input)),
  ),
  followUps: figure.query(({ ctx, input }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.followUps(tx, ctx.organizationId, input)),
  ),
  bookings: figure.query(({ ctx, input }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.bookings(tx, ctx.organizationId, input)),
  ),
  occupancy: figure.query(({ ctx, input }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.occupancy(tx, ctx.organizationId, input)),
  ),
  agentQuality: figure.query(({ ctx, input }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.agentQuality(tx, ctx.organizationId, input)),
  ),
  payments: figure.query(({ ctx, input }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.payments(tx, ctx.organizationId, input)),
  ),
  /** What tenants owe now and who is past due (optionally one facility). */
  outstanding: orgProcedure
    .input(z.object({ facilityId: z.uuid().nullish() }).optional())
    .query(({ ctx, input }) =>
      readAnalytics(ctx.organizationId, (tx) => metrics.outstanding(tx, ctx.organizationId, input?.facilityId ?? null)),
    ),
  /** The dashboard home's cards. */
  overview: orgProcedure.query(({ ctx }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.overview(tx, ctx.organizationId)),
  ),
  /** The organization's time zone and today's date in it, for the date range picker's presets. */
  today: orgProcedure.query(({ ctx }) =>
    readAnalytics(ctx.organizationId, (tx) => metrics.organizationToday(tx, ctx.organizationId)),
  ),
});
