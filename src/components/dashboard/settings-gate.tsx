"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

import { Notice, PageHeader } from "@/components/ui/states";
import type { Role } from "@/lib/permissions";

import { SETTINGS_NAV } from "./nav";
import { useOrg } from "./org-context";

const WHO: Partial<Record<Role, string>> = { admin: "owners and admins", manager: "managers, admins and owners" };
const ASK: Partial<Record<Role, string>> = { admin: "an owner or admin", manager: "a manager, admin or owner" };

/**
 * Settings pages the navigation hides from a role (SETTINGS_NAV's `minimum`) say so when opened by
 * address, instead of rendering and showing the server's refusal of each query as an error.
 */
export function SettingsGate({ children }: { children: ReactNode }) {
  const org = useOrg();
  const pathname = usePathname();
  const page = SETTINGS_NAV.find((n) => pathname === org.href(n.path) || pathname.startsWith(`${org.href(n.path)}/`));
  if (!page?.minimum || org.can(page.minimum)) return <>{children}</>;
  return (
    <>
      <PageHeader title={page.label} />
      <Notice title={`Only ${WHO[page.minimum] ?? `${page.minimum}s`} can see ${page.label}.`}>
        {page.why ? `${page.why} ` : null}Ask {ASK[page.minimum] ?? `a ${page.minimum}`} of {org.name}.
      </Notice>
    </>
  );
}
