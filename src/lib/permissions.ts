import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements, memberAc, ownerAc } from "better-auth/plugins/organization/access";

/**
 * Roles, from most to least powerful. Owners and admins manage team, numbers, agent and billing;
 * managers manage facilities, inventory, leads and reservations; staff work leads and calls.
 * The server enforces these through `requireRole` in tRPC; Better Auth's access control below
 * enforces the same split on its own organization endpoints (invite, remove, change role).
 */
export const ROLES = ["owner", "admin", "manager", "staff"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { owner: 4, admin: 3, manager: 2, staff: 1 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when `role` is at least as powerful as `minimum`. Unknown roles are never enough. */
export function roleAtLeast(role: string, minimum: Role): boolean {
  return isRole(role) && RANK[role] >= RANK[minimum];
}

export const statement = {
  ...defaultStatements,
  billing: ["read", "update"],
  facility: ["read", "create", "update", "delete"],
  lead: ["read", "update"],
} as const;

export const ac = createAccessControl(statement);

export const roles = {
  owner: ac.newRole({
    ...ownerAc.statements,
    billing: ["read", "update"],
    facility: ["read", "create", "update", "delete"],
    lead: ["read", "update"],
  }),
  admin: ac.newRole({
    ...adminAc.statements,
    billing: ["read", "update"],
    facility: ["read", "create", "update", "delete"],
    lead: ["read", "update"],
  }),
  manager: ac.newRole({
    ...memberAc.statements,
    facility: ["read", "create", "update", "delete"],
    lead: ["read", "update"],
  }),
  staff: ac.newRole({ ...memberAc.statements, facility: ["read"], lead: ["read", "update"] }),
};
