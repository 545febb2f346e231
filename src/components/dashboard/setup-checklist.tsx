"use client";

import { Box, Card, HStack, Link, Progress, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { LuCircle, LuCircleCheck } from "react-icons/lu";

import { api } from "@/lib/trpc";
import type { SetupStep } from "@/server/onboarding/setup-progress";

import { useOrg } from "./org-context";

const STEPS: Record<SetupStep, { title: string; body: string; path: string }> = {
  facility: {
    title: "Add a facility",
    body: "Address, hours and policies, by hand or by import.",
    path: "/facilities",
  },
  units: { title: "Add your units", body: "Unit types with rates, and the units you rent.", path: "/facilities" },
  phone_number: {
    title: "Connect a phone number",
    body: "Buy one or bring your own; the agent answers it.",
    path: "/settings/phone-numbers",
  },
  transfer_number: {
    title: "Set a transfer number",
    body: "Where a caller who asks for a person is put through.",
    path: "/settings/agent",
  },
  test_call: {
    title: "Place a test call",
    body: "Hear your agent answer, or try it in the playground.",
    path: "/settings/agent",
  },
  team: {
    title: "Invite your team",
    body: "Managers and staff get their own logins and roles.",
    path: "/settings/team",
  },
  two_factor: {
    title: "Turn on two-factor",
    body: "Protect the account that sees your customers.",
    path: "/settings/security",
  },
};

/**
 * The Overview's "get set up" list. Each step is ticked from the organization's own data (a step
 * done elsewhere counts), the list links to where each is done, and it goes away once all are.
 */
export function SetupChecklist() {
  const org = useOrg();
  const progress = api.organization.setupProgress.useQuery(undefined, { refetchOnWindowFocus: true });
  const data = progress.data;
  if (!data || data.complete) return null;
  return (
    <Card.Root as="section" aria-label="Setup checklist">
      <Card.Body>
        <Stack gap={3}>
          <HStack justify="space-between" wrap="wrap">
            <Text fontWeight="semibold">Get set up</Text>
            <Text fontSize="sm" color="fg.muted" data-testid="setup-progress">
              {data.done} of {data.total} done
            </Text>
          </HStack>
          <Progress.Root value={(data.done / data.total) * 100} size="xs" aria-label="Setup progress">
            <Progress.Track>
              <Progress.Range />
            </Progress.Track>
          </Progress.Root>
          <Stack as="ul" gap={2} listStyleType="none" m={0} p={0}>
            {data.steps.map(({ key, done }) => {
              const s = STEPS[key];
              return (
                <HStack as="li" key={key} align="start" gap={3} data-step={key} data-done={done ? "true" : "false"}>
                  <Box color={done ? "fg.success" : "fg.muted"} mt={0.5} aria-hidden>
                    {done ? <LuCircleCheck /> : <LuCircle />}
                  </Box>
                  <Box>
                    {done ? (
                      <Text textDecoration="line-through" color="fg.muted">
                        {s.title}
                        <Box as="span" srOnly>
                          {" "}
                          (done)
                        </Box>
                      </Text>
                    ) : (
                      <Link asChild fontWeight="semibold" colorPalette="blue">
                        <NextLink href={org.href(s.path)}>{s.title}</NextLink>
                      </Link>
                    )}
                    {done ? null : (
                      <Text fontSize="sm" color="fg.muted">
                        {s.body}
                      </Text>
                    )}
                  </Box>
                </HStack>
              );
            })}
          </Stack>
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
