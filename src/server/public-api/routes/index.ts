import type { ApiRoute } from "../route";

import { conversationRoutes } from "./conversations";
import { customerRoutes } from "./customers";
import { facilityRoutes } from "./facilities";
import { leadRoutes } from "./leads";
import { paymentRoutes } from "./payments";
import { reservationRoutes } from "./reservations";
import { unitTypeRoutes } from "./unit-types";
import { unitRoutes } from "./units";

/** Every public API operation. */
export const ROUTES: ApiRoute[] = [
  ...facilityRoutes,
  ...unitTypeRoutes,
  ...unitRoutes,
  ...customerRoutes,
  ...leadRoutes,
  ...reservationRoutes,
  ...conversationRoutes,
  ...paymentRoutes,
];
