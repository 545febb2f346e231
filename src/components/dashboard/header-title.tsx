"use client";

import { Box, Text } from "@chakra-ui/react";
import { usePathname } from "next/navigation";

import { MAIN_NAV, SETTINGS_NAV } from "./nav";
import { useOrg } from "./org-context";

/** Pages below a nav entry that have no entry of their own, by their path's first segment after it. */
const DETAIL: Record<string, string> = {
  "/facilities/new": "New facility",
  "/reservations/new": "New reservation",
};
/** A page of one of a list's rows ("/customers/<id>"), named in the singular. */
const ONE_OF: Record<string, string> = { "/customers": "Customer" };

/** The nav entry a path is under: the longest matching path wins ("/settings/agent" over ""). */
export function pageLabel(orgHref: string, pathname: string): string {
  const rest = pathname.startsWith(orgHref) ? pathname.slice(orgHref.length) : pathname;
  for (const [path, label] of Object.entries(DETAIL)) if (rest === path || rest.startsWith(`${path}/`)) return label;
  for (const [path, label] of Object.entries(ONE_OF)) if (rest.startsWith(`${path}/`)) return label;
  const items = [...MAIN_NAV, ...SETTINGS_NAV].filter((n) =>
    n.path === "" ? rest === "" || rest === "/" : rest === n.path || rest.startsWith(`${n.path}/`),
  );
  const best = items.sort((a, b) => b.path.length - a.path.length)[0];
  return best ? best.label : "";
}

/**
 * Which organization and which page: on a phone the sidebar (with the organization switcher) is
 * hidden behind the menu button, so the header says where you are.
 */
export function HeaderTitle() {
  const org = useOrg();
  const pathname = usePathname();
  const page = pageLabel(org.href(), pathname);
  return (
    <Box minW={0} maxW={{ base: "40%", md: "xs" }} flexShrink={1} data-testid="header-title">
      <Text fontSize="xs" color="fg.muted" truncate data-testid="header-organization">
        {org.name}
      </Text>
      <Text fontSize="sm" fontWeight="semibold" truncate data-testid="header-page">
        {page}
      </Text>
    </Box>
  );
}
