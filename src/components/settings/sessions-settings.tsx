"use client";

import { Badge, Button, Card, HStack, Stack, Text } from "@chakra-ui/react";
import { useQuery, useQueryClient } from "@tanstack/react-query";

import { ErrorState, FormError, Loading } from "@/components/ui/states";
import { authClient } from "@/lib/auth-client";
import { When } from "@/components/ui/when";

export function SessionsSettings() {
  const qc = useQueryClient();
  const current = authClient.useSession();
  const sessions = useQuery({
    queryKey: ["auth", "sessions"],
    queryFn: async () => {
      const { data, error } = await authClient.listSessions();
      if (error) throw new Error(error.message ?? "Could not load sessions");
      return data ?? [];
    },
  });
  const refresh = () => qc.invalidateQueries({ queryKey: ["auth", "sessions"] });

  return (
    <Card.Root>
      <Card.Header>
        <HStack justify="space-between">
          <Text fontWeight="semibold">Where you&apos;re signed in</Text>
          <Button
            size="sm"
            variant="outline"
            onClick={async () => {
              await authClient.revokeOtherSessions();
              await refresh();
            }}
          >
            Sign out everywhere else
          </Button>
        </HStack>
      </Card.Header>
      <Card.Body>
        {sessions.isLoading ? <Loading label="Loading sessions" /> : null}
        {sessions.error ? <ErrorState error={sessions.error} /> : null}
        <FormError message={null} />
        <Stack gap={2}>
          {(sessions.data ?? []).map((s) => {
            const mine = s.id === current.data?.session.id;
            return (
              <HStack key={s.id} justify="space-between" borderWidth="1px" borderRadius="md" p={3} gap={3}>
                <Stack gap={0} minW={0}>
                  <Text truncate>{s.userAgent ?? "Unknown device"}</Text>
                  <Text fontSize="sm" color="fg.muted">
                    {s.ipAddress ?? "unknown address"} · since <When at={s.createdAt} />
                  </Text>
                </Stack>
                {mine ? (
                  <Badge colorPalette="green">This device</Badge>
                ) : (
                  <Button
                    size="xs"
                    variant="ghost"
                    colorPalette="red"
                    onClick={async () => {
                      await authClient.revokeSession({ token: s.token });
                      await refresh();
                    }}
                  >
                    Revoke
                  </Button>
                )}
              </HStack>
            );
          })}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
