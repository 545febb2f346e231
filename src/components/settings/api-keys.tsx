"use client";

import { Badge, Box, Button, Card, Checkbox, Code, Flex, HStack, Link, Stack, Text } from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { DataTable, QueryList } from "@/components/ui/data-table";
import { FormError, Notice, PageHeader } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

import { SecretOnce } from "./secret-once";
import { WebhookEndpoints } from "./webhook-endpoints";
import { When } from "@/components/ui/when";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table } from "@/components/ui/table";

function CreateKeyForm({ onCreated }: { onCreated: (key: string) => void }) {
  const utils = api.useUtils();
  const [write, setWrite] = useState(false);
  const create = api.apiKeys.create.useMutation({
    onSuccess: async (k) => {
      onCreated(k.key);
      await utils.apiKeys.list.invalidate();
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    create.mutate(
      { name: String(new FormData(form).get("name")), scopes: write ? ["read", "write"] : ["read"] },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <Card.Root>
      <Card.Body>
        <form onSubmit={onSubmit} aria-label="Create an API key">
          <Stack gap={3}>
            <Text fontWeight="semibold">Create an API key</Text>
            <FormError message={create.error?.message ?? null} />
            <Flex gap={3} direction={{ base: "column", md: "row" }} align={{ md: "flex-end" }}>
              <Box flex="1">
                <TextField label="Name" name="name" placeholder="CRM sync" required maxLength={100} />
              </Box>
              <Checkbox.Root checked={write} onCheckedChange={(d) => setWrite(d.checked === true)}>
                <Checkbox.HiddenInput />
                <Checkbox.Control />
                <Checkbox.Label>Allow writes (create leads and reservations)</Checkbox.Label>
              </Checkbox.Root>
              <Button type="submit" colorPalette="blue" loading={create.isPending}>
                Create key
              </Button>
            </Flex>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}

export function ApiKeysSettings() {
  const org = useOrg();
  const utils = api.useUtils();
  const keys = api.apiKeys.list.useQuery(undefined, { enabled: org.can("admin") });
  const revoke = api.apiKeys.revoke.useMutation({ onSuccess: () => utils.apiKeys.list.invalidate() });
  const [fresh, setFresh] = useState<string | null>(null);

  if (!org.can("admin")) return <Notice title="Only owners and admins can manage API keys and webhooks." />;
  return (
    <Stack gap={6}>
      <PageHeader
        title="API & webhooks"
        description="Connect your CRM, website or management system: REST API keys and signed webhooks."
        actions={
          <HStack>
            <Link href="/docs/api" target="_blank">
              API reference
            </Link>
            <Link href="/api/v1/openapi.json" target="_blank">
              OpenAPI
            </Link>
          </HStack>
        }
      />
      {fresh ? <SecretOnce label="Your new API key" value={fresh} onDone={() => setFresh(null)} /> : null}
      <CreateKeyForm onCreated={setFresh} />
      <FormError message={revoke.error?.message ?? null} />
      <QueryList query={keys} loadingLabel="Loading API keys" empty="No API keys yet.">
        {(rows) => (
          <DataTable label="API keys" columns={["Name", "Key", "Scopes", "Created", "Last used", ""]}>
            {rows.map((k) => (
              <Table.Row key={k.id} opacity={k.revokedAt ? 0.6 : 1}>
                <Table.Cell>{k.name}</Table.Cell>
                <Table.Cell>
                  <Code>{k.prefix}…</Code>
                </Table.Cell>
                <Table.Cell>
                  {k.scopes.map((s) => (
                    <Badge key={s} mr={1}>
                      {s}
                    </Badge>
                  ))}
                </Table.Cell>
                <Table.Cell>
                  <When at={k.createdAt} fallback="never" />
                </Table.Cell>
                <Table.Cell>
                  <When at={k.lastUsedAt} fallback="never" />
                </Table.Cell>
                <Table.Cell textAlign="end">
                  {k.revokedAt ? (
                    <Badge colorPalette="red">revoked</Badge>
                  ) : (
                    <ConfirmButton
                      size="xs"
                      variant="ghost"
                      colorPalette="red"
                      title={`Revoke "${k.name}"?`}
                      detail="Integrations using it stop working at once."
                      onConfirm={() => revoke.mutate({ id: k.id })}
                    >
                      Revoke
                    </ConfirmButton>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </DataTable>
        )}
      </QueryList>
      <WebhookEndpoints />
    </Stack>
  );
}
