"use client";

import { Card, Link, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";

import { TodayCards } from "@/components/analytics/today-cards";
import { DataLoaded } from "@/components/ui/data-loaded";
import { PageHeader } from "@/components/ui/states";

import { useOrg } from "./org-context";

const STEPS = [
  { title: "Add a facility", body: "Hours, policies and the units you rent.", path: "/facilities" },
  {
    title: "Connect a phone number",
    body: "Buy one or bring your own; the agent answers it.",
    path: "/settings/phone-numbers",
  },
  { title: "Invite your team", body: "Managers and staff get their own logins and roles.", path: "/settings/team" },
  { title: "Turn on two-factor", body: "Protect the account that sees your customers.", path: "/settings/security" },
];

export function Overview() {
  const org = useOrg();
  return (
    <Stack gap={6}>
      <PageHeader
        title={`Welcome, ${org.user.name.split(" ")[0]}`}
        description={`${org.name}: today so far, beside yesterday. More on the Analytics page.`}
      />
      <TodayCards />
      <SimpleGrid columns={{ base: 1, md: 2 }} gap={4}>
        {STEPS.map((s) => (
          <Card.Root key={s.path}>
            <Card.Body>
              <Link asChild fontWeight="semibold" colorPalette="blue">
                <NextLink href={org.href(s.path)}>{s.title}</NextLink>
              </Link>
              <Text color="fg.muted" mt={1}>
                {s.body}
              </Text>
            </Card.Body>
          </Card.Root>
        ))}
      </SimpleGrid>
      <DataLoaded />
    </Stack>
  );
}
