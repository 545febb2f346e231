"use client";

import { Badge, Box, Card, Code, Flex, HStack, Link, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import type { inferRouterOutputs } from "@trpc/server";
import NextLink from "next/link";

import { useOrg, useTimeZone } from "@/components/dashboard/org-context";
import { ReplyPanel } from "@/components/replies/reply-panel";
import { ErrorState, Loading, PageHeader, RefreshError } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";

import { CHANNEL_LABEL, formatDuration, formatPhone, formatWhen, OUTCOME_COLOR, OUTCOME_LABEL } from "./format";
import { LiveBadge } from "./live-badge";
import { useRealtime, useThrottled } from "./use-realtime";

type CallData = inferRouterOutputs<AppRouter>["calls"]["get"];
type Turn = CallData["messages"][number];

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box>
      <Text fontSize="xs" color="fg.muted" textTransform="uppercase" letterSpacing="wide">
        {label}
      </Text>
      <Box fontWeight="medium">{children === 0 ? 0 : children || "—"}</Box>
    </Box>
  );
}

function Timings({ t }: { t: Turn["timings"] }) {
  if (!t) return null;
  const parts = [
    `${Math.round(t.totalMs)} ms total`,
    t.nluMs !== undefined ? `NLU ${t.nluMs} ms` : null,
    t.toolsMs ? `tools ${t.toolsMs} ms` : null,
    t.llmMs ? `model ${t.llmMs} ms` : null,
    t.firstTokenMs ? `first token ${t.firstTokenMs} ms` : null,
  ];
  return (
    <Text fontSize="xs" color="fg.muted">
      {parts.filter(Boolean).join(" · ")}
    </Text>
  );
}

function TurnBubble({ m }: { m: Turn }) {
  const timeZone = useTimeZone();
  const agent = m.role === "agent";
  // Our side (the agent, or a person who took the thread over) on the left.
  const ours = agent || m.role === "staff";
  return (
    <Flex justify={ours ? "flex-start" : "flex-end"} data-testid="transcript-turn" data-role={m.role}>
      <Box
        maxW={{ base: "90%", md: "75%" }}
        bg={agent ? "bg.muted" : m.role === "staff" ? "orange.subtle" : "blue.subtle"}
        rounded="lg"
        px={4}
        py={3}
      >
        <HStack gap={2} mb={1}>
          <Text fontSize="xs" fontWeight="semibold" textTransform="capitalize">
            {m.role}
          </Text>
          {m.intent && !agent ? <Badge size="sm">{m.intent}</Badge> : null}
          {m.brain === "llm" ? (
            <Badge size="sm" colorPalette="purple">
              model
            </Badge>
          ) : null}
          {m.interrupted ? (
            <Badge size="sm" colorPalette="orange" title="The caller spoke over the agent; the text is what they heard">
              interrupted
            </Badge>
          ) : null}
          <Text fontSize="xs" color="fg.muted">
            {formatWhen(m.createdAt, timeZone)}
          </Text>
        </HStack>
        <Text whiteSpace="pre-wrap">{m.text || <em>(nothing heard)</em>}</Text>
        {m.toolCalls?.length ? (
          <Stack gap={1} mt={2}>
            {m.toolCalls.map((c, i) => (
              <details key={i}>
                <summary>
                  <Text as="span" fontSize="xs">
                    tool <Code size="sm">{c.name}</Code> {c.ok ? "ok" : "refused"} · {Math.round(c.ms)} ms
                  </Text>
                </summary>
                <Code display="block" whiteSpace="pre-wrap" fontSize="xs" p={2} mt={1}>
                  {JSON.stringify({ args: c.args, result: c.result }, null, 2)}
                </Code>
              </details>
            ))}
          </Stack>
        ) : null}
        {agent ? <Timings t={m.timings} /> : null}
      </Box>
    </Flex>
  );
}

export function CallDetail({ id }: { id: string }) {
  const org = useOrg();
  const utils = api.useUtils();
  const q = api.calls.get.useQuery({ id });
  const refresh = useThrottled(() => void utils.calls.get.invalidate({ id }), 100);
  const live = useRealtime(
    (e) => {
      if ("conversationId" in e && e.conversationId === id) refresh();
    },
    { onOpen: refresh },
  );
  if (q.isLoading) return <Loading label="Loading call" />;
  if (!q.data) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { call, messages, lead, reservation } = q.data;
  const title = `${CHANNEL_LABEL[call.channel] ?? call.channel} from ${formatPhone(call.fromAddress) || (call.channel === "chat" ? "a website visitor" : "unknown")}`;
  return (
    <Box>
      <RefreshError error={q.error} onRetry={() => void q.refetch()} />
      <PageHeader
        title={title}
        description={`${formatWhen(call.startedAt, org.timeZone)}${call.facilityName ? ` · ${call.facilityName}` : ""}`}
        actions={
          <HStack>
            {call.status === "active" ? <Badge colorPalette="green">In progress</Badge> : <Badge>Ended</Badge>}
            <LiveBadge status={live} />
          </HStack>
        }
      />
      <Card.Root mb={6}>
        <Card.Body>
          <SimpleGrid columns={{ base: 2, md: 4 }} gap={4}>
            <Fact label="Outcome">
              {call.outcome ? (
                <Badge data-testid="call-outcome" colorPalette={OUTCOME_COLOR[call.outcome] ?? "gray"}>
                  {OUTCOME_LABEL[call.outcome]}
                </Badge>
              ) : null}
            </Fact>
            <Fact label="Duration">{formatDuration(call.durationSeconds)}</Fact>
            <Fact label="Turns">{call.turnCount}</Fact>
            <Fact label="Status">{call.providerStatus ?? call.status}</Fact>
            <Fact label="To">{formatPhone(call.toAddress)}</Fact>
            <Fact label="Language">{call.language}</Fact>
            <Fact label="Lead">
              {lead ? (
                <Link asChild>
                  <NextLink href={org.href(`/customers/${lead.customerId}`)}>
                    {lead.name || "Lead"} ({lead.status})
                  </NextLink>
                </Link>
              ) : null}
            </Fact>
            <Fact label="Reservation">
              {reservation ? (
                <Link asChild>
                  <NextLink href={org.href(`/reservations/${reservation.id}`)}>
                    {reservation.confirmationCode} ({reservation.status})
                  </NextLink>
                </Link>
              ) : null}
            </Fact>
          </SimpleGrid>
          {call.summary ? (
            <Text mt={4} color="fg.muted">
              {call.summary}
            </Text>
          ) : null}
        </Card.Body>
      </Card.Root>
      <Stack gap={3} aria-label="Transcript" role="log" aria-live="polite">
        {messages.map((m) => (
          <TurnBubble key={m.id} m={m} />
        ))}
      </Stack>
      {messages.length === 0 ? (
        <Text color="fg.muted">
          {call.status === "active"
            ? "Waiting for the first words: the transcript appears here as the conversation goes."
            : "No transcript was kept for this conversation."}
        </Text>
      ) : null}
      <Box mt={6}>
        <ReplyPanel thread={call} onChanged={refresh} />
      </Box>
    </Box>
  );
}
