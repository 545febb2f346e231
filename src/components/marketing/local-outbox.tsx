"use client";

import { Box, Container, Heading, Stack, Text } from "@chakra-ui/react";

import { Linkify } from "@/components/ui/linkify";

export function LocalOutbox({
  rows,
}: {
  rows: { id: string; to: string; subject: string; text: string; createdAt: Date }[];
}) {
  return (
    <Container maxW="3xl" py={10}>
      <Heading as="h1" size="xl" mb={2}>
        Local outbox
      </Heading>
      <Text color="fg.muted" mb={6}>
        SMTP is not configured, so account e-mails (password resets, verification) are kept here during development.
      </Text>
      <Stack gap={4}>
        {rows.length === 0 ? <Text>No e-mail yet.</Text> : null}
        {rows.map((m) => (
          <Box key={m.id} borderWidth="1px" borderRadius="md" p={4}>
            <Text fontWeight="semibold">{m.subject}</Text>
            <Text fontSize="sm" color="fg.muted">
              To {m.to} · {new Date(m.createdAt).toLocaleString()}
            </Text>
            <Box as="pre" whiteSpace="pre-wrap" mt={2} fontFamily="inherit">
              <Linkify text={m.text} />
            </Box>
          </Box>
        ))}
      </Stack>
    </Container>
  );
}
