"use client";

import { createContext, useContext, type ReactNode } from "react";

import { formatDate, formatDateTime, formatTime } from "@/lib/org-time";
import { roleAtLeast, type Role } from "@/lib/permissions";
import type { RealtimeClientConfig } from "@/server/realtime/client-config";

export interface OrgInfo {
  id: string;
  name: string;
  slug: string;
  role: Role;
  /** The organization's time zone (its first facility's): every time on the dashboard is shown in it. */
  timeZone: string;
  /** How this browser listens for live events, rendered with the page so a page need not ask first. */
  realtime: RealtimeClientConfig;
  user: { id: string; name: string; email: string; twoFactorEnabled: boolean; emailVerified: boolean };
}

const OrgContext = createContext<OrgInfo | null>(null);

export function OrgProvider({ value, children }: { value: OrgInfo; children: ReactNode }) {
  return <OrgContext.Provider value={value}>{children}</OrgContext.Provider>;
}

type When = Date | string | number | null | undefined;

/** The organization's time zone where a component may also render outside the dashboard (New York then). */
export function useTimeZone(): string {
  return useContext(OrgContext)?.timeZone ?? "America/New_York";
}

export function useOrg(): OrgInfo & {
  can: (minimum: Role) => boolean;
  href: (path?: string) => string;
  /** A time in the organization's zone: "Dec 6, 2026, 4:03 PM" (src/lib/org-time.ts). */
  dateTime: (value: When) => string;
  date: (value: When) => string;
  time: (value: When) => string;
} {
  const org = useContext(OrgContext);
  if (!org) throw new Error("useOrg outside the dashboard");
  return {
    ...org,
    can: (minimum) => roleAtLeast(org.role, minimum),
    href: (path = "") => `/${org.slug}${path}`,
    dateTime: (value) => formatDateTime(value, org.timeZone),
    date: (value) => formatDate(value, org.timeZone),
    time: (value) => formatTime(value, org.timeZone),
  };
}
