import { billingRouter } from "./routers/billing";
import { organizationRouter } from "./routers/organization";
import { phoneNumbersRouter } from "./routers/phone-numbers";
import { teamRouter } from "./routers/team";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  billing: billingRouter,
  organization: organizationRouter,
  phoneNumbers: phoneNumbersRouter,
  team: teamRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
