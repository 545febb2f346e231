import { apiKeysRouter } from "./routers/api-keys";
import { billingRouter } from "./routers/billing";
import { customersRouter } from "./routers/customers";
import { facilitiesRouter } from "./routers/facilities";
import { inventoryRouter } from "./routers/inventory";
import { leadsRouter } from "./routers/leads";
import { reservationsRouter } from "./routers/reservations";
import { organizationRouter } from "./routers/organization";
import { phoneNumbersRouter } from "./routers/phone-numbers";
import { statusRouter } from "./routers/status";
import { teamRouter } from "./routers/team";
import { webhooksRouter } from "./routers/webhooks";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  apiKeys: apiKeysRouter,
  billing: billingRouter,
  customers: customersRouter,
  facilities: facilitiesRouter,
  inventory: inventoryRouter,
  leads: leadsRouter,
  reservations: reservationsRouter,
  organization: organizationRouter,
  phoneNumbers: phoneNumbersRouter,
  status: statusRouter,
  team: teamRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
