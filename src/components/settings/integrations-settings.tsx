"use client";

import { Badge, Box, Button, Card, Checkbox, Code, Flex, HStack, Link, Stack, Text } from "@chakra-ui/react";
import type { inferRouterOutputs } from "@trpc/server";
import NextLink from "next/link";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { ErrorState, FormError, Loading, Notice, PageHeader } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";

import { CredentialFields, credentialsFrom, PmsConnectForm } from "./pms-connect-form";
import { When } from "@/components/ui/when";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table } from "@/components/ui/table";

type Connection = inferRouterOutputs<AppRouter>["integrations"]["list"][number];

function lag(seconds: number | null) {
  if (seconds === null) return "not synced yet";
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

const STATUS: Record<Connection["status"], { label: string; color: string }> = {
  active: { label: "Active", color: "green" },
  needs_credentials: { label: "Needs credentials", color: "orange" },
  disconnected: { label: "Disconnected", color: "gray" },
};

function UpdateCredentials({ connection, onDone }: { connection: Connection; onDone: () => void }) {
  const update = api.integrations.updateCredentials.useMutation({ onSuccess: onDone });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    update.mutate({ connectionId: connection.id, credentials: credentialsFrom(e.currentTarget, connection.provider) });
  }
  return (
    <form onSubmit={onSubmit} aria-label={`New ${connection.providerName} credentials`}>
      <Stack gap={3} borderWidth="1px" borderRadius="md" p={3}>
        <Text fontWeight="medium">Enter the {connection.providerName} credentials again</Text>
        <CredentialFields provider={connection.provider} />
        <FormError message={update.error?.message ?? null} />
        <HStack>
          <Button type="submit" colorPalette="blue" size="sm" loading={update.isPending}>
            Test and save
          </Button>
        </HStack>
      </Stack>
    </form>
  );
}

/**
 * The operator's switch for the PMS's gate codes: off, a verified caller who is the PMS's tenant is
 * told to ask the office; on, the agent gives the code the PMS holds as it would one of ours, under
 * the gate code policy (Settings > Agent: texted to the phone on file, read out, or never).
 */
function GateCodeSwitch({ connection: c, onDone }: { connection: Connection; onDone: () => void }) {
  const update = api.integrations.updateSettings.useMutation({ onSuccess: onDone });
  return (
    <Stack gap={1}>
      <Checkbox.Root
        checked={update.isPending ? (update.variables?.shareGateCodes ?? c.shareGateCodes) : c.shareGateCodes}
        disabled={c.status === "disconnected" || update.isPending}
        onCheckedChange={(d) => update.mutate({ connectionId: c.id, shareGateCodes: d.checked === true })}
      >
        <Checkbox.HiddenInput />
        <Checkbox.Control />
        <Checkbox.Label>Let the agent give verified tenants their gate code from {c.providerName}</Checkbox.Label>
      </Checkbox.Root>
      <Text fontSize="sm" color="fg.muted">
        {c.provider === "stora"
          ? "Stora's API does not expose gate codes (access goes through its smart-entry providers), so there is nothing to share yet."
          : "Only to a caller who passed verification, and only as your gate code policy allows (Settings > Agent): texted to the phone on file, or read out after the one-time code. Off: the agent sends them to the office."}
      </Text>
      <FormError message={update.error?.message ?? null} />
    </Stack>
  );
}

function ConnectionCard({ connection: c }: { connection: Connection }) {
  const org = useOrg();
  const utils = api.useUtils();
  const refresh = () => utils.integrations.list.invalidate();
  const syncNow = api.integrations.syncNow.useMutation({ onSuccess: refresh });
  const disconnect = api.integrations.disconnect.useMutation({ onSuccess: refresh });
  const [editing, setEditing] = useState(false);
  const status = STATUS[c.status];
  const running = c.runs.some((r) => r.status === "running");
  return (
    <Card.Root as="article" aria-label={`${c.providerName} connection`}>
      <Card.Body>
        <Stack gap={4}>
          <Flex justify="space-between" align={{ md: "center" }} direction={{ base: "column", md: "row" }} gap={3}>
            <HStack>
              <Text fontWeight="semibold" fontSize="lg">
                {c.providerName}
              </Text>
              <Badge colorPalette={status.color}>{status.label}</Badge>
              {running ? <Badge colorPalette="blue">Syncing…</Badge> : null}
            </HStack>
            {c.status !== "disconnected" ? (
              <HStack>
                {c.status === "active" ? (
                  <Button
                    size="sm"
                    variant="outline"
                    loading={syncNow.isPending}
                    onClick={() => syncNow.mutate({ connectionId: c.id })}
                  >
                    Sync now
                  </Button>
                ) : null}
                <Button size="sm" variant="outline" onClick={() => setEditing((v) => !v)}>
                  Update credentials
                </Button>
                <ConfirmButton
                  size="sm"
                  variant="ghost"
                  colorPalette="red"
                  loading={disconnect.isPending}
                  title={`Disconnect ${c.providerName}?`}
                  detail="Sync and write-back stop; the synced facilities and units stay, editable here again."
                  onConfirm={() => disconnect.mutate({ connectionId: c.id })}
                >
                  Disconnect
                </ConfirmButton>
              </HStack>
            ) : null}
          </Flex>
          <FormError message={syncNow.error?.message ?? disconnect.error?.message ?? null} />
          {c.status === "needs_credentials" || c.lastError ? (
            <Notice
              status="warning"
              title={c.status === "needs_credentials" ? "Sync is paused" : "The last sync failed"}
            >
              {c.lastError}
              {c.failingSince ? (
                <>
                  {" "}
                  (failing since <When at={c.failingSince} />)
                </>
              ) : null}
            </Notice>
          ) : null}
          {editing || c.status === "needs_credentials" ? (
            <UpdateCredentials connection={c} onDone={() => (setEditing(false), void refresh())} />
          ) : null}
          <Flex gap={6} wrap="wrap" fontSize="sm">
            <Box>
              <Text color="fg.muted">Last successful sync</Text>
              <Text data-testid="pms-last-success">
                <When at={c.lastSuccessAt} fallback="never" /> {c.lastSuccessAt ? `(${lag(c.lagSeconds)})` : null}
              </Text>
            </Box>
            <Box>
              <Text color="fg.muted">Synced</Text>
              <Text data-testid="pms-counts">
                {c.counts.facility ?? 0} facilities, {c.counts.unit_type ?? 0} unit types, {c.counts.unit ?? 0} units
              </Text>
            </Box>
            <Box>
              <Text color="fg.muted">Written back</Text>
              <Text>{c.writeBacks.length ? `${c.pushed} of the last ${c.writeBacks.length}` : "nothing yet"}</Text>
            </Box>
            {c.disconnectedAt ? (
              <Box>
                <Text color="fg.muted">Disconnected</Text>
                <Text>
                  <When at={c.disconnectedAt} fallback="never" /> (the data stays, no longer synced)
                </Text>
              </Box>
            ) : null}
          </Flex>
          {c.status !== "disconnected" ? <GateCodeSwitch connection={c} onDone={() => void refresh()} /> : null}
          {c.webhookPath ? (
            <Text fontSize="sm">
              Stora webhook URL:{" "}
              <Code>{`${typeof window === "undefined" ? "" : window.location.origin}${c.webhookPath}`}</Code>
              {c.hasWebhookSecret ? null : " (enter its signing secret under Update credentials)"}
            </Text>
          ) : null}
          {c.facilities.length ? (
            <Box>
              <Text fontSize="sm" color="fg.muted" mb={1}>
                Facilities
              </Text>
              <HStack wrap="wrap" gap={3}>
                {c.facilities.map((f) => (
                  <Link key={f.externalId} asChild fontSize="sm">
                    <NextLink href={org.href(`/facilities/${f.facilityId}`)}>
                      {f.name} ← {c.providerName} {f.externalId}
                    </NextLink>
                  </Link>
                ))}
              </HStack>
            </Box>
          ) : null}
          <Box overflowX="auto">
            <Table.Root aria-label={`${c.providerName} sync runs`}>
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeader>Sync</Table.ColumnHeader>
                  <Table.ColumnHeader>Started</Table.ColumnHeader>
                  <Table.ColumnHeader>Status</Table.ColumnHeader>
                  <Table.ColumnHeader>Pulled</Table.ColumnHeader>
                  <Table.ColumnHeader>Changed</Table.ColumnHeader>
                  <Table.ColumnHeader>Error</Table.ColumnHeader>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {c.runs.length === 0 ? (
                  <Table.Row>
                    <Table.Cell colSpan={6} color="fg.muted">
                      No sync has run yet.
                    </Table.Cell>
                  </Table.Row>
                ) : null}
                {c.runs.map((r) => (
                  <Table.Row key={r.id}>
                    <Table.Cell>{r.kind}</Table.Cell>
                    <Table.Cell>
                      <When at={r.startedAt} fallback="never" />
                    </Table.Cell>
                    <Table.Cell>
                      <Badge colorPalette={r.status === "succeeded" ? "green" : r.status === "failed" ? "red" : "blue"}>
                        {r.status}
                      </Badge>
                    </Table.Cell>
                    <Table.Cell>{r.pulled}</Table.Cell>
                    <Table.Cell>{r.changed}</Table.Cell>
                    <Table.Cell maxW="28rem">{r.error}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          </Box>
          {c.writeBacks.length ? (
            <Box overflowX="auto">
              <Table.Root aria-label={`${c.providerName} write-backs`}>
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeader>Write-back</Table.ColumnHeader>
                    <Table.ColumnHeader>When</Table.ColumnHeader>
                    <Table.ColumnHeader>Status</Table.ColumnHeader>
                    <Table.ColumnHeader>{c.providerName} id</Table.ColumnHeader>
                    <Table.ColumnHeader>Attempts</Table.ColumnHeader>
                    <Table.ColumnHeader>Last error</Table.ColumnHeader>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {c.writeBacks.map((w) => (
                    <Table.Row key={w.id}>
                      <Table.Cell>
                        {w.kind === "lead" || w.kind === "payment" || w.kind === "refund" ? (
                          w.kind
                        ) : (
                          <Link asChild>
                            <NextLink href={org.href(`/reservations/${w.localId}`)}>{w.kind}</NextLink>
                          </Link>
                        )}
                      </Table.Cell>
                      <Table.Cell>
                        <When at={w.createdAt} fallback="never" />
                      </Table.Cell>
                      <Table.Cell>
                        <Badge
                          colorPalette={w.status === "succeeded" ? "green" : w.status === "pending" ? "orange" : "red"}
                        >
                          {w.status === "pending" ? "pending in the PMS" : w.status}
                        </Badge>
                      </Table.Cell>
                      <Table.Cell>{w.externalId ? <Code>{w.externalId}</Code> : null}</Table.Cell>
                      <Table.Cell>{w.attempts}</Table.Cell>
                      <Table.Cell maxW="28rem">{w.lastError}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Root>
            </Box>
          ) : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

/** Settings > Integrations: the organization's PMS connections. Owners and admins only. */
export function IntegrationsSettings() {
  const org = useOrg();
  const utils = api.useUtils();
  const list = api.integrations.list.useQuery(undefined, {
    enabled: org.can("admin"),
    // While a sync runs (or the first one is on its way), look again every few seconds.
    refetchInterval: (q) =>
      q.state.data?.some((c) => c.status === "active" && (!c.lastSyncAt || c.runs.some((r) => r.status === "running")))
        ? 2000
        : 30_000,
  });
  if (!org.can("admin")) return <Notice title="Only owners and admins can manage integrations." />;
  const live = (list.data ?? []).filter((c) => c.status !== "disconnected");
  const connectable = live.length < 2;
  return (
    <Stack gap={6}>
      <PageHeader
        title="Integrations"
        description="Connect your property management system: units, rates and availability sync from it, and the agent's leads, reservations, cancellations and payments are written back to it."
      />
      {list.isLoading ? <Loading label="Loading integrations" /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data?.map((c) => (
        <ConnectionCard key={c.id} connection={c} />
      ))}
      {list.data && connectable ? (
        <PmsConnectForm onConnected={() => void utils.integrations.list.invalidate()} />
      ) : null}
    </Stack>
  );
}
