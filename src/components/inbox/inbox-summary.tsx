"use client";

import { Badge, Card, Heading, HStack, Link, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";

import { useOrg } from "@/components/dashboard/org-context";
import { formatPhone } from "@/lib/format-phone";
import { api } from "@/lib/trpc";

import { dueLabel, TASK_KIND_COLOR, TASK_KIND_LABEL } from "./task-labels";

/** The Overview's view of the inbox: how many are open, overdue and mine, and the next few due. */
export function InboxSummary() {
  const org = useOrg();
  const counts = api.tasks.counts.useQuery(undefined, { refetchInterval: 60_000 });
  const next = api.tasks.list.useQuery({ status: "open", limit: 5 }, { refetchInterval: 60_000 });
  const c = counts.data;
  return (
    <Card.Root data-testid="inbox-summary">
      <Card.Body>
        <HStack justify="space-between" mb={3} flexWrap="wrap">
          <Heading as="h2" size="md">
            <Link asChild colorPalette="blue">
              <NextLink href={org.href("/inbox")}>Inbox</NextLink>
            </Link>
          </Heading>
          {c ? (
            <Text fontSize="sm" color="fg.muted">
              {c.open} open · {c.mine} mine · {c.overdue} overdue
            </Text>
          ) : null}
        </HStack>
        {next.data && next.data.items.length === 0 ? <Text color="fg.muted">Nothing waiting on anyone.</Text> : null}
        <Stack gap={2}>
          {next.data?.items.map((t) => {
            const due = dueLabel(t.dueAt);
            return (
              <HStack key={t.id} gap={2} fontSize="sm" minW={0}>
                <Badge colorPalette={TASK_KIND_COLOR[t.kind]}>{TASK_KIND_LABEL[t.kind] ?? t.kind}</Badge>
                <Text truncate flex="1">
                  {t.title}
                  {t.contactPhone ? ` · ${formatPhone(t.contactPhone)}` : ""}
                </Text>
                {/* Counted from "now": the server's render (it comes with its data) is a moment older than the browser's. */}
                <Text color={due.overdue ? "fg.error" : "fg.muted"} flexShrink={0} suppressHydrationWarning>
                  {due.text}
                </Text>
              </HStack>
            );
          })}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
