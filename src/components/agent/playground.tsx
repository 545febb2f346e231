"use client";

import { Badge, Box, Button, Card, Code, Flex, HStack, Input, NativeSelect, Stack, Text } from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { ErrorState, FormError, Loading, PageHeader } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import type { inferRouterOutputs } from "@trpc/server";

import { api } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";

type Turn = inferRouterOutputs<AppRouter>["agent"]["playground"]["say"];
type Channel = "voice" | "sms" | "chat";
interface Line {
  role: "caller" | "agent";
  text: string;
  turn?: Turn;
}

function ToolCalls({ turn }: { turn: Turn }) {
  if (turn.actions.length === 0) return <Text color="fg.muted">No tool calls.</Text>;
  return (
    <Stack gap={2}>
      {turn.actions.map((a, i) => (
        <Box key={i} borderWidth="1px" borderRadius="md" p={2}>
          <HStack justify="space-between">
            <Text fontWeight="semibold">{a.name}</Text>
            <HStack>
              <Badge colorPalette={a.ok ? "green" : "red"}>{a.ok ? "ok" : "refused"}</Badge>
              <Text fontSize="xs" color="fg.muted">
                {a.ms} ms
              </Text>
            </HStack>
          </HStack>
          <Text fontSize="xs" mt={1}>
            args
          </Text>
          <Code display="block" whiteSpace="pre-wrap" fontSize="xs" p={1}>
            {JSON.stringify(a.args, null, 1)}
          </Code>
          <Text fontSize="xs" mt={1}>
            result
          </Text>
          <Code display="block" whiteSpace="pre-wrap" fontSize="xs" p={1} maxH="40" overflowY="auto">
            {JSON.stringify(a.result, null, 1)}
          </Code>
        </Box>
      ))}
    </Stack>
  );
}

function TurnPanel({ turn }: { turn: Turn | null }) {
  if (!turn) return <Text color="fg.muted">Pick a turn to see how the agent understood it.</Text>;
  return (
    <Stack gap={3} aria-label="Turn details">
      <HStack wrap="wrap" gap={2}>
        <Badge colorPalette="purple">brain: {turn.brain}</Badge>
        <Badge>intent: {turn.intent ?? "none"}</Badge>
        <Badge>confidence: {turn.confidence ?? "n/a"}</Badge>
        <Badge>expecting: {turn.state.expecting ?? "nothing"}</Badge>
        <Badge>{turn.timings.totalMs} ms</Badge>
        {turn.end ? <Badge colorPalette="orange">ends: {turn.end.reason}</Badge> : null}
      </HStack>
      <Box>
        <Text fontWeight="semibold" fontSize="sm">
          Entities
        </Text>
        <Code display="block" whiteSpace="pre-wrap" fontSize="xs" p={1}>
          {turn.entities.length ? JSON.stringify(turn.entities, null, 1) : "none"}
        </Code>
      </Box>
      <Box>
        <Text fontWeight="semibold" fontSize="sm">
          Tool calls
        </Text>
        <ToolCalls turn={turn} />
      </Box>
      <Box>
        <Text fontWeight="semibold" fontSize="sm">
          Spoken as
        </Text>
        <Text fontSize="sm">{turn.speech}</Text>
      </Box>
    </Stack>
  );
}

export function AgentPlayground() {
  const facilities = api.facilities.list.useQuery();
  const [facilityId, setFacilityId] = useState("");
  const [channel, setChannel] = useState<Channel>("voice");
  const [callerId, setCallerId] = useState("");
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [selected, setSelected] = useState<Turn | null>(null);
  const [text, setText] = useState("");
  const start = api.agent.playground.start.useMutation({
    onSuccess: (t) => {
      setConversationId(t.conversationId);
      setLines([{ role: "agent", text: t.reply, turn: t }]);
      setSelected(t);
    },
  });
  const say = api.agent.playground.say.useMutation({
    onSuccess: (t) => {
      setLines((l) => [...l, { role: "agent", text: t.reply, turn: t }]);
      setSelected(t);
    },
  });

  if (facilities.isLoading) return <Loading />;
  if (facilities.error) return <ErrorState error={facilities.error} onRetry={() => void facilities.refetch()} />;
  const list = facilities.data ?? [];
  const chosen = facilityId || list[0]?.id || "";

  function onStart() {
    if (!chosen) return;
    setText("");
    start.mutate({ facilityId: chosen, channel, fromAddress: channel === "chat" ? null : callerId || null });
  }
  function onSay(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!conversationId || say.isPending) return;
    setLines((l) => [...l, { role: "caller", text }]);
    say.mutate({ conversationId, text, brain: "auto" });
    setText("");
  }

  return (
    <Stack gap={6}>
      <PageHeader
        title="Agent playground"
        description="Talk to your AI front desk as a caller would. Its actions are real: a reservation made here holds a unit."
      />
      <Card.Root>
        <Card.Body>
          {list.length === 0 ? (
            <Text>Add a facility first: the agent answers for a facility.</Text>
          ) : (
            <Flex gap={3} wrap="wrap" align="end">
              <Box>
                <Text fontSize="sm" mb={1}>
                  Facility
                </Text>
                <NativeSelect.Root size="sm" width="60">
                  <NativeSelect.Field
                    aria-label="Facility"
                    value={chosen}
                    onChange={(e) => setFacilityId(e.currentTarget.value)}
                  >
                    {list.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.name}
                      </option>
                    ))}
                  </NativeSelect.Field>
                  <NativeSelect.Indicator />
                </NativeSelect.Root>
              </Box>
              <Box>
                <Text fontSize="sm" mb={1}>
                  Channel
                </Text>
                <NativeSelect.Root size="sm" width="36">
                  <NativeSelect.Field
                    aria-label="Channel"
                    value={channel}
                    onChange={(e) => setChannel(e.currentTarget.value as Channel)}
                  >
                    <option value="voice">voice</option>
                    <option value="sms">sms</option>
                    <option value="chat">chat</option>
                  </NativeSelect.Field>
                  <NativeSelect.Indicator />
                </NativeSelect.Root>
              </Box>
              {channel !== "chat" ? (
                <Box width="52">
                  <TextField
                    label="Caller ID (optional)"
                    size="sm"
                    value={callerId}
                    onChange={(e) => setCallerId(e.currentTarget.value)}
                    placeholder="+15125550123"
                  />
                </Box>
              ) : null}
              <Button size="sm" onClick={onStart} loading={start.isPending}>
                {conversationId ? "Start over" : "Start conversation"}
              </Button>
            </Flex>
          )}
          <FormError message={start.error?.message ?? null} />
        </Card.Body>
      </Card.Root>
      {conversationId ? (
        <Flex gap={4} direction={{ base: "column", lg: "row" }} align="start">
          <Card.Root flex="1" width="full">
            <Card.Body>
              <Stack gap={2} aria-label="Transcript" role="log">
                {lines.map((l, i) => (
                  <Box
                    key={i}
                    alignSelf={l.role === "caller" ? "flex-end" : "flex-start"}
                    bg={l.role === "caller" ? "blue.subtle" : "bg.muted"}
                    borderRadius="md"
                    px={3}
                    py={2}
                    maxW="80%"
                    cursor={l.turn ? "pointer" : undefined}
                    onClick={() => l.turn && setSelected(l.turn)}
                    borderWidth={l.turn && l.turn === selected ? "2px" : "0"}
                  >
                    <Text fontSize="xs" color="fg.muted">
                      {l.role === "caller" ? "Caller" : `Agent${l.turn ? ` · ${l.turn.brain}` : ""}`}
                    </Text>
                    <Text>{l.text || <em>(silence)</em>}</Text>
                  </Box>
                ))}
              </Stack>
              <form onSubmit={onSay} aria-label="Say something">
                <HStack mt={4}>
                  <Input
                    aria-label="Caller says"
                    value={text}
                    onChange={(e) => setText(e.currentTarget.value)}
                    placeholder="Say something as the caller (empty = silence)"
                  />
                  <Button type="submit" loading={say.isPending}>
                    Send
                  </Button>
                </HStack>
              </form>
              <FormError message={say.error?.message ?? null} />
            </Card.Body>
          </Card.Root>
          <Card.Root width={{ base: "full", lg: "md" }}>
            <Card.Body>
              <TurnPanel turn={selected} />
            </Card.Body>
          </Card.Root>
        </Flex>
      ) : null}
    </Stack>
  );
}
