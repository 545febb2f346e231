"use client";

import { Badge, Button, Card, Heading, HStack, Link, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useState } from "react";

import { formatPhone } from "@/components/calls/format";
import { useOrg } from "@/components/dashboard/org-context";
import { FormError } from "@/components/ui/states";
import { api } from "@/lib/trpc";

import { Composer } from "./composer";

const SMS_MAX = 1600;
const CHAT_MAX = 1000;

interface Thread {
  id: string;
  channel: string;
  status: string;
  handler: "agent" | "staff";
  fromAddress: string | null;
}

/**
 * Under a conversation's transcript: take a live text or chat thread from the agent and hand it
 * back, and answer in it; on a phone call, text the caller (the text joins or starts their SMS
 * thread). Quiet hours and STOP are checked before anyone types (replies.textStatus).
 */
export function ReplyPanel({ thread, onChanged }: { thread: Thread; onChanged: () => void }) {
  if (thread.channel === "chat") return <ChatReply thread={thread} onChanged={onChanged} />;
  if (thread.channel === "sms" || (thread.channel === "voice" && thread.fromAddress))
    return <TextReply thread={thread} onChanged={onChanged} />;
  return null;
}

function HandlerControls({ thread, onChanged }: { thread: Thread; onChanged: () => void }) {
  const setHandler = api.replies.setHandler.useMutation({ onSuccess: onChanged });
  const staff = thread.handler === "staff";
  if (thread.status !== "active") return null;
  return (
    <Stack gap={2}>
      <HStack gap={3} wrap="wrap">
        <Badge colorPalette={staff ? "orange" : "green"} data-testid="thread-handler">
          {staff ? "You are answering: the agent is paused" : "The agent is answering"}
        </Badge>
        <Button
          size="sm"
          variant="outline"
          loading={setHandler.isPending}
          onClick={() => setHandler.mutate({ conversationId: thread.id, handler: staff ? "agent" : "staff" })}
        >
          {staff ? "Hand back to the agent" : "Take over"}
        </Button>
      </HStack>
      <FormError message={setHandler.error?.message ?? null} />
    </Stack>
  );
}

/** Why a text cannot go out now (quiet hours, the customer texted STOP), checked each minute; null when it can. */
function useTextBlocked(to: Parameters<typeof api.replies.textStatus.useQuery>[0], enabled = true): string | null {
  const status = api.replies.textStatus.useQuery(to, { enabled, refetchInterval: 60_000 });
  return status.data && !status.data.canSend ? status.data.message : null;
}

function TextReply({ thread, onChanged }: { thread: Thread; onChanged: () => void }) {
  const blocked = useTextBlocked({ conversationId: thread.id });
  const send = api.replies.sendText.useMutation();
  const [elsewhere, setElsewhere] = useState<string | null>(null);
  const phone = formatPhone(thread.fromAddress);
  return (
    <Card.Root data-testid="reply-panel">
      <Card.Body>
        <Stack gap={3}>
          <Heading as="h2" size="md">
            {thread.channel === "sms" ? "Reply" : "Text the caller"}
          </Heading>
          {thread.channel === "sms" ? <HandlerControls thread={thread} onChanged={onChanged} /> : null}
          <Composer
            label={`Text to ${phone}`}
            placeholder={thread.channel === "sms" ? "Your answer, sent as a text" : "A text to the number that called"}
            maxLength={SMS_MAX}
            blocked={blocked}
            pending={send.isPending}
            error={send.error?.message}
            submitLabel="Send text"
            onSend={async (body, clientKey) => {
              const r = await send.mutateAsync({ conversationId: thread.id, body, clientKey });
              setElsewhere(r.conversationId !== thread.id ? r.conversationId : null);
              onChanged();
            }}
          />
          {thread.channel === "sms" && thread.handler === "agent" && thread.status === "active" ? (
            <Text fontSize="sm" color="fg.muted">
              Sending a text takes the thread over: the customer&apos;s answers come to you until you hand it back.
            </Text>
          ) : null}
          {elsewhere ? <SentToThread conversationId={elsewhere} /> : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

function ChatReply({ thread, onChanged }: { thread: Thread; onChanged: () => void }) {
  const send = api.replies.sendChat.useMutation();
  if (thread.status !== "active")
    return (
      <Text color="fg.muted" fontSize="sm">
        This chat has ended: the visitor is no longer there to read an answer.
      </Text>
    );
  return (
    <Card.Root data-testid="reply-panel">
      <Card.Body>
        <Stack gap={3}>
          <Heading as="h2" size="md">
            Answer in the chat
          </Heading>
          <HandlerControls thread={thread} onChanged={onChanged} />
          <Composer
            label="Message to the visitor"
            placeholder="Shown in the chat on your website"
            maxLength={CHAT_MAX}
            pending={send.isPending}
            error={send.error?.message}
            onSend={async (body, clientKey) => {
              await send.mutateAsync({ conversationId: thread.id, body, clientKey });
              onChanged();
            }}
          />
          {thread.handler === "agent" ? (
            <Text fontSize="sm" color="fg.muted">
              Answering takes the chat over: the visitor&apos;s next messages come to you until you hand it back.
            </Text>
          ) : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

/** After a text that went to another thread than the one on screen: where its answers will come. */
function SentToThread({ conversationId }: { conversationId: string }) {
  const org = useOrg();
  return (
    <Text fontSize="sm" role="status">
      Sent.{" "}
      <Link asChild colorPalette="blue">
        <NextLink href={org.href(`/calls/${conversationId}`)}>Open the text thread</NextLink>
      </Link>{" "}
      to follow the answers.
    </Text>
  );
}

/** On a customer's page: text them (a lead to follow up, a tenant to tell something). */
export function CustomerText({ customerId, phone }: { customerId: string; phone: string | null }) {
  const blocked = useTextBlocked({ customerId }, Boolean(phone));
  const send = api.replies.sendText.useMutation();
  const [thread, setThread] = useState<string | null>(null);
  if (!phone) return null;
  return (
    <Card.Root data-testid="customer-text">
      <Card.Body>
        <Stack gap={3}>
          <Heading as="h2" size="md">
            Text
          </Heading>
          <Composer
            label={`Text to ${formatPhone(phone)}`}
            placeholder="Sent from your number; their answer comes to you"
            maxLength={SMS_MAX}
            blocked={blocked}
            pending={send.isPending}
            error={send.error?.message}
            submitLabel="Send text"
            onSend={async (body, clientKey) => {
              const r = await send.mutateAsync({ customerId, body, clientKey });
              setThread(r.conversationId);
            }}
          />
          {thread ? <SentToThread conversationId={thread} /> : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
