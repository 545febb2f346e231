"use client";

import { Badge, Box, Button, Drawer, Flex, IconButton, Link, Menu, Portal, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useRef, useState, type ReactNode } from "react";
import { LuMenu } from "react-icons/lu";

import { HeaderSearch } from "@/components/search/header-search";
import { TABLE_CARDS_CSS, useTableCards } from "@/components/ui/table-cards";
import { authClient } from "@/lib/auth-client";
import { api } from "@/lib/trpc";

import { HeaderTitle } from "./header-title";
import { MAIN_NAV, SETTINGS_NAV, type NavItem } from "./nav";
import { useOrg } from "./org-context";

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const org = useOrg();
  const pathname = usePathname();
  const item = (n: NavItem) => {
    if (n.minimum && !org.can(n.minimum)) return null;
    const href = org.href(n.path);
    const active = n.path === "" ? pathname === href : pathname.startsWith(href);
    return (
      <Link
        key={n.path}
        asChild
        px={3}
        py={2}
        borderRadius="md"
        fontWeight={active ? "semibold" : "normal"}
        bg={active ? "blue.subtle" : undefined}
        color={active ? "blue.fg" : "fg"}
        _hover={{ bg: "bg.muted", textDecoration: "none" }}
        aria-current={active ? "page" : undefined}
        onClick={onNavigate}
      >
        <NextLink href={href}>{n.label}</NextLink>
      </Link>
    );
  };
  return (
    <Stack as="nav" aria-label="Main" gap={1}>
      {MAIN_NAV.map(item)}
      <Text fontSize="xs" textTransform="uppercase" color="fg.muted" mt={4} mb={1} px={3} letterSpacing="wider">
        Settings
      </Text>
      {SETTINGS_NAV.map(item)}
    </Stack>
  );
}

function OrgSwitcher() {
  const org = useOrg();
  const router = useRouter();
  const mine = api.organization.mine.useQuery();
  const others = (mine.data?.organizations ?? []).filter((o) => o.id !== org.id);
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <Button variant="ghost" justifyContent="space-between" w="full" aria-label="Switch organization">
          <Text truncate>{org.name}</Text>
          <Badge>{org.role}</Badge>
        </Button>
      </Menu.Trigger>
      <Portal>
        <Menu.Positioner>
          <Menu.Content>
            {others.map((o) => (
              <Menu.Item
                key={o.id}
                value={o.id}
                onClick={async () => {
                  await authClient.organization.setActive({ organizationId: o.id });
                  router.push(`/${o.slug}`);
                  router.refresh();
                }}
              >
                {o.name}
              </Menu.Item>
            ))}
            <Menu.Item value="new" onClick={() => router.push("/onboarding")}>
              New organization…
            </Menu.Item>
          </Menu.Content>
        </Menu.Positioner>
      </Portal>
    </Menu.Root>
  );
}

function UserMenu() {
  const org = useOrg();
  const router = useRouter();
  return (
    <Menu.Root>
      <Menu.Trigger asChild>
        <Button variant="outline" size="sm" maxW={{ base: "24", md: "none" }}>
          {/* First name only on a phone: the header also carries the page and the search. */}
          <Text truncate>
            <Box as="span" display={{ base: "inline", md: "none" }}>
              {org.user.name.split(" ")[0]}
            </Box>
            <Box as="span" display={{ base: "none", md: "inline" }}>
              {org.user.name}
            </Box>
          </Text>
        </Button>
      </Menu.Trigger>
      <Portal>
        <Menu.Positioner>
          <Menu.Content>
            <Menu.Item value="security" onClick={() => router.push(org.href("/settings/security"))}>
              Security
            </Menu.Item>
            <Menu.Item
              value="sign-out"
              onClick={async () => {
                await authClient.signOut();
                router.push("/sign-in");
                router.refresh();
              }}
            >
              Sign out
            </Menu.Item>
          </Menu.Content>
        </Menu.Positioner>
      </Portal>
    </Menu.Root>
  );
}

export function DashboardShell({ children, banner }: { children: ReactNode; banner?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const main = useRef<HTMLDivElement>(null);
  useTableCards(main);
  return (
    <Flex minH="100vh">
      <Box
        as="aside"
        display={{ base: "none", lg: "block" }}
        w="64"
        borderRightWidth="1px"
        p={4}
        position="sticky"
        top={0}
        h="100vh"
        overflowY="auto"
      >
        <Text fontWeight="bold" mb={4} px={3}>
          Storage Agent
        </Text>
        <OrgSwitcher />
        <Box mt={4}>
          <NavLinks />
        </Box>
      </Box>
      <Box flex="1" minW={0}>
        <Flex
          as="header"
          align="center"
          justify="space-between"
          px={{ base: 4, md: 8 }}
          py={3}
          borderBottomWidth="1px"
          gap={3}
        >
          <Drawer.Root open={open} onOpenChange={(e) => setOpen(e.open)} placement="start">
            <Drawer.Trigger asChild>
              <IconButton display={{ base: "inline-flex", lg: "none" }} variant="ghost" aria-label="Open navigation">
                <LuMenu />
              </IconButton>
            </Drawer.Trigger>
            <Portal>
              <Drawer.Backdrop />
              <Drawer.Positioner>
                <Drawer.Content>
                  <Drawer.Body pt={6}>
                    <OrgSwitcher />
                    <Box mt={4}>
                      <NavLinks onNavigate={() => setOpen(false)} />
                    </Box>
                  </Drawer.Body>
                </Drawer.Content>
              </Drawer.Positioner>
            </Portal>
          </Drawer.Root>
          <HeaderTitle />
          <Box flex="1" minW={0}>
            <HeaderSearch />
          </Box>
          <UserMenu />
        </Flex>
        {banner}
        <Box as="main" ref={main} px={{ base: 4, md: 8 }} py={6} maxW="7xl" css={TABLE_CARDS_CSS}>
          {children}
        </Box>
      </Box>
    </Flex>
  );
}
