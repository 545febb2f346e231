"use client";

import { createContext, useContext, type ReactNode } from "react";

import { roleAtLeast, type Role } from "@/lib/permissions";

export interface OrgInfo {
  id: string;
  name: string;
  slug: string;
  role: Role;
  user: { id: string; name: string; email: string; twoFactorEnabled: boolean; emailVerified: boolean };
}

const OrgContext = createContext<OrgInfo | null>(null);

export function OrgProvider({ value, children }: { value: OrgInfo; children: ReactNode }) {
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}

export function useOrg(): OrgInfo & { can: (minimum: Role) => boolean; href: (path?: string) => string } {
  const org = useContext(OrgContext);
  if (!org) throw new Error("useOrg outside the dashboard");
  return { ...org, can: (minimum) => roleAtLeast(org.role, minimum), href: (path = "") => `/${org.slug}${path}` };
}
