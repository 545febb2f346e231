import { billingRouter } from "./routers/billing";
import { organizationRouter } from "./routers/organization";
import { teamRouter } from "./routers/team";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  billing: billingRouter,
  organization: organizationRouter,
  team: teamRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
