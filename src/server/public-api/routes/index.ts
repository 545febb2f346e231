import type { ApiRoute } from "../route";

import { customerRoutes } from "./customers";
import { facilityRoutes } from "./facilities";
import { leadRoutes } from "./leads";
import { reservationRoutes } from "./reservations";
import { unitTypeRoutes } from "./unit-types";
import { unitRoutes } from "./units";

/**
 * Every public API operation. Calls, conversations and messages (schemas Call, Message in
 * ../schemas.ts) join when the voice/agent tables exist.
 */
export const ROUTES: ApiRoute[] = [...facilityRoutes, ...unitTypeRoutes, ...unitRoutes, ...customerRoutes, ...leadRoutes, ...reservationRoutes];
