"use client";

import { Badge, Box, Button, Card, Checkbox, Code, HStack, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import { Fragment, useState, type FormEvent } from "react";

import { DataTable, QueryList, QueryView } from "@/components/ui/data-table";
import { FormError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";
import type { WebhookEventType } from "@/server/db/schema/integrations";

import { SecretOnce } from "./secret-once";
import { When } from "@/components/ui/when";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table } from "@/components/ui/table";

function CreateEndpointForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const utils = api.useUtils();
  const types = api.webhooks.eventTypes.useQuery();
  const [events, setEvents] = useState<WebhookEventType[]>([]);
  const create = api.webhooks.create.useMutation({
    onSuccess: async (e) => {
      onCreated(e.secret);
      setEvents([]);
      await utils.webhooks.list.invalidate();
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    create.mutate(
      { url: String(data.get("url")), description: String(data.get("description") ?? ""), eventTypes: events },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <Card.Root>
      <Card.Body>
        <form onSubmit={onSubmit} aria-label="Add a webhook endpoint">
          <Stack gap={3}>
            <Text fontWeight="semibold">Add a webhook endpoint</Text>
            <FormError message={create.error?.message ?? null} />
            <TextField
              label="URL"
              name="url"
              type="url"
              placeholder="https://example.com/hooks/storage-agent"
              required
            />
            <TextField label="Description" name="description" maxLength={200} />
            <Text fontSize="sm" fontWeight="medium">
              Events
            </Text>
            <SimpleGrid columns={{ base: 1, md: 2 }} gap={2}>
              {(types.data ?? []).map((t) => (
                <Checkbox.Root
                  key={t.type}
                  checked={events.includes(t.type)}
                  onCheckedChange={(d) =>
                    setEvents((cur) => (d.checked === true ? [...cur, t.type] : cur.filter((x) => x !== t.type)))
                  }
                >
                  <Checkbox.HiddenInput />
                  <Checkbox.Control />
                  <Checkbox.Label>
                    <Code>{t.type}</Code>{" "}
                    <Text as="span" fontSize="xs" color="fg.muted">
                      {t.description}
                    </Text>
                  </Checkbox.Label>
                </Checkbox.Root>
              ))}
            </SimpleGrid>
            <Box>
              <Button type="submit" colorPalette="blue" loading={create.isPending} disabled={events.length === 0}>
                Add endpoint
              </Button>
              {events.length === 0 ? (
                <Text as="span" fontSize="sm" color="fg.muted" ml={3}>
                  Pick at least one event to add the endpoint.
                </Text>
              ) : null}
            </Box>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}

function DeliveryLog({ endpointId }: { endpointId: string }) {
  const deliveries = api.webhooks.deliveries.useQuery({ endpointId });
  const resend = api.webhooks.resend.useMutation({ onSuccess: () => deliveries.refetch() });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Stack gap={2}>
      <FormError message={resend.error?.message ?? null} />
      <QueryList query={deliveries} loadingLabel="Loading deliveries" empty="No deliveries yet.">
        {(rows) => (
          <DataTable label="Deliveries" columns={["Event", "Status", "Attempts", "Response", "Created", ""]}>
            {rows.map((d) => (
              <Fragment key={d.id}>
                <Table.Row>
                  <Table.Cell>
                    <Code>{d.eventType}</Code>
                  </Table.Cell>
                  <Table.Cell>
                    <Badge colorPalette={d.status === "succeeded" ? "green" : d.status === "failed" ? "red" : "yellow"}>
                      {d.status}
                    </Badge>
                  </Table.Cell>
                  <Table.Cell>{d.attemptCount}</Table.Cell>
                  <Table.Cell>{d.lastResponseStatus ?? d.lastError ?? "—"}</Table.Cell>
                  <Table.Cell>
                    <When at={d.createdAt} />
                  </Table.Cell>
                  <Table.Cell textAlign="end">
                    <HStack justify="flex-end">
                      <Button size="xs" variant="ghost" onClick={() => setOpen(open === d.id ? null : d.id)}>
                        {open === d.id ? "Hide" : "Details"}
                      </Button>
                      <Button
                        size="xs"
                        variant="outline"
                        loading={resend.isPending && resend.variables?.deliveryId === d.id}
                        onClick={() => resend.mutate({ deliveryId: d.id })}
                      >
                        Resend
                      </Button>
                    </HStack>
                  </Table.Cell>
                </Table.Row>
                {open === d.id ? (
                  <Table.Row>
                    <Table.Cell colSpan={6}>
                      <SimpleGrid columns={{ base: 1, md: 2 }} gap={3}>
                        <Box>
                          <Text fontSize="xs" fontWeight="semibold">
                            Request
                          </Text>
                          <Code display="block" whiteSpace="pre-wrap" fontSize="xs" p={2}>
                            {Object.entries(d.requestHeaders ?? {})
                              .map(([k, v]) => `${k}: ${v}`)
                              .join("\n")}
                            {"\n\n"}
                            {JSON.stringify(d.payload, null, 2)}
                          </Code>
                        </Box>
                        <Box>
                          <Text fontSize="xs" fontWeight="semibold">
                            Response {d.lastResponseStatus ?? ""}
                          </Text>
                          <Code display="block" whiteSpace="pre-wrap" fontSize="xs" p={2}>
                            {d.lastError ?? d.lastResponseBody ?? "(empty)"}
                          </Code>
                          {d.nextAttemptAt && d.status === "pending" ? (
                            <Text fontSize="xs" color="fg.muted">
                              Next attempt <When at={d.nextAttemptAt} />
                            </Text>
                          ) : null}
                        </Box>
                      </SimpleGrid>
                    </Table.Cell>
                  </Table.Row>
                ) : null}
              </Fragment>
            ))}
          </DataTable>
        )}
      </QueryList>
    </Stack>
  );
}

export function WebhookEndpoints() {
  const utils = api.useUtils();
  const endpoints = api.webhooks.list.useQuery();
  const invalidate = () => utils.webhooks.list.invalidate();
  const update = api.webhooks.update.useMutation({ onSuccess: invalidate });
  const remove = api.webhooks.delete.useMutation({ onSuccess: invalidate });
  const [secret, setSecret] = useState<string | null>(null);
  const [logFor, setLogFor] = useState<string | null>(null);
  return (
    <Stack gap={4}>
      <Text fontSize="lg" fontWeight="semibold" mt={4}>
        Webhooks
      </Text>
      <Text color="fg.muted" fontSize="sm">
        Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). Failed deliveries are retried
        with backoff for about a day; an endpoint failing for three days is disabled and owners are e-mailed.
      </Text>
      {secret ? (
        <SecretOnce label="Signing secret for the new endpoint" value={secret} onDone={() => setSecret(null)} />
      ) : null}
      <CreateEndpointForm onCreated={setSecret} />
      <FormError message={(update.error ?? remove.error)?.message ?? null} />
      <QueryView query={endpoints} loadingLabel="Loading endpoints">
        {(rows) =>
          rows.map((e) => (
            <Card.Root key={e.id}>
              <Card.Body>
                <Stack gap={2}>
                  <HStack justify="space-between" wrap="wrap">
                    <Box>
                      <Code>{e.url}</Code>
                      {e.description ? <Text fontSize="sm">{e.description}</Text> : null}
                    </Box>
                    <HStack>
                      {e.disabledAt ? (
                        <Badge colorPalette="red">disabled after failures</Badge>
                      ) : e.enabled ? (
                        <Badge colorPalette="green">enabled</Badge>
                      ) : (
                        <Badge>paused</Badge>
                      )}
                      {e.failingSince && e.enabled ? (
                        <Badge colorPalette="orange">
                          failing since <When at={e.failingSince} />
                        </Badge>
                      ) : null}
                      <Button
                        size="xs"
                        variant="outline"
                        onClick={() => update.mutate({ id: e.id, enabled: !e.enabled })}
                      >
                        {e.enabled ? "Pause" : "Enable"}
                      </Button>
                      <Button size="xs" variant="ghost" onClick={() => setLogFor(logFor === e.id ? null : e.id)}>
                        {logFor === e.id ? "Hide log" : "Delivery log"}
                      </Button>
                      <ConfirmButton
                        size="xs"
                        variant="ghost"
                        colorPalette="red"
                        title={`Delete the endpoint ${e.url}?`}
                        onConfirm={() => remove.mutate({ id: e.id })}
                      >
                        Delete
                      </ConfirmButton>
                    </HStack>
                  </HStack>
                  <HStack wrap="wrap">
                    {e.eventTypes.map((t) => (
                      <Badge key={t} variant="outline">
                        {t}
                      </Badge>
                    ))}
                  </HStack>
                  {logFor === e.id ? <DeliveryLog endpointId={e.id} /> : null}
                </Stack>
              </Card.Body>
            </Card.Root>
          ))
        }
      </QueryView>
    </Stack>
  );
}
