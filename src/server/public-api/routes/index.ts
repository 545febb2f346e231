import type { ApiRoute } from "../route";

import { closureRoutes } from "./closures";
import { conversationRoutes } from "./conversations";
import { customerRoutes } from "./customers";
import { facilityRoutes } from "./facilities";
import { knowledgeBaseRoutes } from "./knowledge-base";
import { leadRoutes } from "./leads";
import { paymentRoutes } from "./payments";
import { reservationRoutes } from "./reservations";
import { unitTypeRoutes } from "./unit-types";
import { unitRoutes } from "./units";

/** Every public API operation. */
export const ROUTES: ApiRoute[] = [
  ...facilityRoutes,
  ...closureRoutes,
  ...knowledgeBaseRoutes,
  ...unitTypeRoutes,
  ...unitRoutes,
  ...customerRoutes,
  ...leadRoutes,
  ...reservationRoutes,
  ...conversationRoutes,
  ...paymentRoutes,
];
