import { registerInvitationGuard } from "@/server/auth/invitation-guard";
import { withOrg } from "@/server/db/client";

import { assertCanAdd } from "./entitlements";

/**
 * Registers the plan's member limit with Better Auth's invitations (src/server/auth/invitation-guard.ts):
 * every invitation, whether from the dashboard's team router or Better Auth's own
 * /organization/invite-member endpoint, is refused once members plus pending invitations fill the
 * plan. Imported for this effect by every entry point that can create one.
 */
registerInvitationGuard((organizationId) =>
  withOrg(organizationId, (tx) => assertCanAdd(tx, organizationId, "members")),
);
