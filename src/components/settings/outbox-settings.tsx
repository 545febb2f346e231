"use client";

import { Badge, Box, Stack, Text } from "@chakra-ui/react";

import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { Linkify } from "@/components/ui/linkify";
import { api } from "@/lib/trpc";
import { When } from "@/components/ui/when";

export function OutboxSettings() {
  const outbox = api.organization.outbox.useQuery();
  return (
    <Stack gap={4}>
      <PageHeader
        title="Outbox"
        description="E-mail this organization sent. Without SMTP configured, this is where it goes instead of out."
      />
      {outbox.isLoading ? <Loading label="Loading outbox" /> : null}
      {outbox.error ? <ErrorState error={outbox.error} onRetry={() => outbox.refetch()} /> : null}
      {outbox.data?.length === 0 ? <Text color="fg.muted">Nothing sent yet.</Text> : null}
      {(outbox.data ?? []).map((m) => (
        <Box key={m.id} borderWidth="1px" borderRadius="md" p={4} as="article" aria-label={m.subject}>
          <Stack direction="row" justify="space-between" gap={2}>
            <Text fontWeight="semibold">{m.subject}</Text>
            <Badge colorPalette={m.status === "sent" ? "green" : m.status === "failed" ? "red" : "gray"}>
              {m.status}
            </Badge>
          </Stack>
          <Text fontSize="sm" color="fg.muted">
            To {m.to} · <When at={m.createdAt} />
          </Text>
          <Box as="pre" whiteSpace="pre-wrap" mt={2} fontFamily="inherit" fontSize="sm">
            <Linkify text={m.text} />
          </Box>
          {m.attachments.length ? (
            <Stack direction="row" gap={3} mt={2} wrap="wrap" fontSize="sm">
              <Text color="fg.muted">Attached:</Text>
              {m.attachments.map((a) => (
                <a
                  key={a.id}
                  href={`/api/outbox/attachments/${a.id}`}
                  download={a.filename}
                  style={{ textDecoration: "underline" }}
                >
                  {a.filename}
                </a>
              ))}
            </Stack>
          ) : null}
        </Box>
      ))}
    </Stack>
  );
}
