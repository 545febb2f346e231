import { analyticsRouter } from "./routers/analytics";
import { apiKeysRouter } from "./routers/api-keys";
import { agentRouter } from "./routers/agent";
import { alertsRouter } from "./routers/alerts";
import { billingRouter } from "./routers/billing";
import { callsRouter } from "./routers/calls";
import { chatWidgetRouter } from "./routers/chat-widget";
import { customersRouter } from "./routers/customers";
import { facilitiesRouter } from "./routers/facilities";
import { followUpsRouter } from "./routers/follow-ups";
import { integrationsRouter } from "./routers/integrations";
import { inventoryRouter } from "./routers/inventory";
import { leadsRouter } from "./routers/leads";
import { reportsRouter } from "./routers/reports";
import { repliesRouter } from "./routers/replies";
import { reservationsRouter } from "./routers/reservations";
import { searchRouter } from "./routers/search";
import { organizationRouter } from "./routers/organization";
import { paymentsRouter } from "./routers/payments";
import { phoneNumbersRouter } from "./routers/phone-numbers";
import { statusRouter } from "./routers/status";
import { tasksRouter } from "./routers/tasks";
import { teamRouter } from "./routers/team";
import { webhooksRouter } from "./routers/webhooks";
import { workflowsRouter } from "./routers/workflows";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  agent: agentRouter,
  alerts: alertsRouter,
  analytics: analyticsRouter,
  apiKeys: apiKeysRouter,
  billing: billingRouter,
  calls: callsRouter,
  chatWidget: chatWidgetRouter,
  customers: customersRouter,
  facilities: facilitiesRouter,
  followUps: followUpsRouter,
  integrations: integrationsRouter,
  inventory: inventoryRouter,
  leads: leadsRouter,
  reports: reportsRouter,
  replies: repliesRouter,
  reservations: reservationsRouter,
  search: searchRouter,
  organization: organizationRouter,
  payments: paymentsRouter,
  phoneNumbers: phoneNumbersRouter,
  status: statusRouter,
  tasks: tasksRouter,
  team: teamRouter,
  webhooks: webhooksRouter,
  workflows: workflowsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
