"use client";

import { Badge, Box, Button, Card, Flex, HStack, NativeSelect, Stack, Text } from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { DataTable } from "@/components/ui/data-table";
import { ErrorState, FormError, Loading, Notice, PageHeader } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";
import { When } from "@/components/ui/when";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table } from "@/components/ui/table";

function FacilitySelect({
  value,
  onChange,
  label,
  disabled,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
  label: string;
  disabled?: boolean;
}) {
  const facilities = api.facilities.list.useQuery();
  return (
    <NativeSelect.Root size="sm" width="56" disabled={disabled}>
      <NativeSelect.Field
        aria-label={label}
        value={value ?? ""}
        onChange={(e) => onChange(e.currentTarget.value || null)}
      >
        <option value="">No facility</option>
        {(facilities.data ?? []).map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </NativeSelect.Field>
      <NativeSelect.Indicator />
    </NativeSelect.Root>
  );
}

function AddNumber() {
  const utils = api.useUtils();
  const [facilityId, setFacilityId] = useState<string | null>(null);
  const [areaCode, setAreaCode] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = async (msg: string) => {
    setNotice(msg);
    await utils.phoneNumbers.list.invalidate();
  };
  const attach = api.phoneNumbers.attach.useMutation({ onSuccess: (n) => done(`${n.e164} is connected.`) });
  const buy = api.phoneNumbers.buy.useMutation({
    onSuccess: (n) => done(`Bought ${n.e164}; its voice and SMS webhooks point here.`),
  });
  const search = api.phoneNumbers.searchAvailable.useQuery(
    { areaCode: areaCode ?? 0 },
    { enabled: areaCode !== null, retry: false },
  );

  function onAttach(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setNotice(null);
    const form = e.currentTarget;
    attach.mutate(
      { phoneNumber: String(new FormData(form).get("phone")), facilityId },
      { onSuccess: () => form.reset() },
    );
  }
  function onSearch(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setAreaCode(Number(new FormData(e.currentTarget).get("areaCode")));
  }

  return (
    <Card.Root>
      <Card.Body>
        <Stack gap={5}>
          <Text fontWeight="semibold">Add a number</Text>
          {notice ? <Notice status="success" title={notice} /> : null}
          <FormError message={attach.error?.message ?? buy.error?.message ?? null} />
          <Box>
            <Text fontSize="sm" fontWeight="medium" mb={2}>
              Route calls and texts to
            </Text>
            <FacilitySelect label="Facility for the new number" value={facilityId} onChange={setFacilityId} />
          </Box>
          <form onSubmit={onAttach} aria-label="Attach a number you already have">
            <Flex gap={3} align={{ md: "flex-end" }} direction={{ base: "column", md: "row" }}>
              <Box flex="1">
                <TextField label="A number you already have" name="phone" placeholder="+1 510 555 0123" required />
              </Box>
              <Button type="submit" loading={attach.isPending}>
                Attach
              </Button>
            </Flex>
          </form>
          <form onSubmit={onSearch} aria-label="Search numbers to buy">
            <Flex gap={3} align={{ md: "flex-end" }} direction={{ base: "column", md: "row" }}>
              <Box flex="1">
                <TextField
                  label="Buy a new number in area code"
                  name="areaCode"
                  inputMode="numeric"
                  pattern="[2-9][0-9]{2}"
                  placeholder="510"
                  required
                />
              </Box>
              <Button type="submit" variant="outline" loading={search.isFetching}>
                Search
              </Button>
            </Flex>
          </form>
          {search.error ? <FormError message={search.error.message} /> : null}
          {search.data ? (
            <Stack gap={2}>
              {search.data.length === 0 ? <Text color="fg.muted">No numbers available in that area code.</Text> : null}
              {search.data.slice(0, 10).map((n) => (
                <HStack key={n.phoneNumber} justify="space-between" borderWidth="1px" borderRadius="md" p={2}>
                  <Text>
                    {n.friendlyName ?? n.phoneNumber}{" "}
                    <Text as="span" color="fg.muted" fontSize="sm">
                      {[n.locality, n.region].filter(Boolean).join(", ")}
                    </Text>
                  </Text>
                  <Button
                    size="xs"
                    colorPalette="blue"
                    loading={buy.isPending}
                    onClick={() => buy.mutate({ phoneNumber: n.phoneNumber, facilityId })}
                  >
                    Buy
                  </Button>
                </HStack>
              ))}
            </Stack>
          ) : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

export function PhoneNumbersSettings() {
  const org = useOrg();
  const manage = org.can("admin");
  const utils = api.useUtils();
  const numbers = api.phoneNumbers.list.useQuery();
  const outbox = api.phoneNumbers.smsOutbox.useQuery();
  const invalidate = () => utils.phoneNumbers.list.invalidate();
  const assign = api.phoneNumbers.assign.useMutation({ onSuccess: invalidate });
  const release = api.phoneNumbers.release.useMutation({ onSuccess: invalidate });
  const refresh = api.phoneNumbers.refreshWebhooks.useMutation({ onSuccess: invalidate });
  const active = (numbers.data ?? []).filter((n) => n.status === "active");

  return (
    <Stack gap={6}>
      <PageHeader
        title="Phone numbers"
        description="The numbers callers ring and text. Each routes to a facility, and the agent answers it."
      />
      {manage ? <AddNumber /> : <Notice title="Only owners and admins can add, route or release numbers." />}
      <FormError message={assign.error?.message ?? release.error?.message ?? refresh.error?.message ?? null} />
      {numbers.isLoading ? <Loading label="Loading numbers" /> : null}
      {numbers.error ? <ErrorState error={numbers.error} onRetry={() => numbers.refetch()} /> : null}
      {numbers.data && active.length === 0 ? <Text color="fg.muted">No numbers yet.</Text> : null}
      {active.length > 0 ? (
        <DataTable label="Phone numbers" columns={["Number", "Facility", "Voice", "Source", ""]}>
          {active.map((n) => (
            <Table.Row key={n.id}>
              <Table.Cell>
                {n.e164}
                {n.friendlyName ? (
                  <Text fontSize="xs" color="fg.muted">
                    {n.friendlyName}
                  </Text>
                ) : null}
              </Table.Cell>
              <Table.Cell>
                <FacilitySelect
                  label={`Facility for ${n.e164}`}
                  value={n.facilityId}
                  disabled={!manage || assign.isPending}
                  onChange={(facilityId) => assign.mutate({ phoneNumberId: n.id, facilityId })}
                />
              </Table.Cell>
              <Table.Cell>
                <NativeSelect.Root size="sm" width="auto" minW="40" disabled={!manage || assign.isPending}>
                  <NativeSelect.Field
                    aria-label={`Voice mode for ${n.e164}`}
                    value={n.voiceMode ?? ""}
                    onChange={(e) =>
                      assign.mutate({
                        phoneNumberId: n.id,
                        facilityId: n.facilityId,
                        voiceMode: (e.currentTarget.value || null) as "gather" | "relay" | null,
                      })
                    }
                  >
                    <option value="">Organization default</option>
                    <option value="gather">Webhook (any account)</option>
                    <option value="relay">ConversationRelay (low latency)</option>
                  </NativeSelect.Field>
                  <NativeSelect.Indicator />
                </NativeSelect.Root>
              </Table.Cell>
              <Table.Cell>
                <Badge>{n.source}</Badge>
              </Table.Cell>
              <Table.Cell textAlign="end" whiteSpace="nowrap">
                {manage && n.twilioSid ? (
                  <Button size="xs" variant="ghost" onClick={() => refresh.mutate({ phoneNumberId: n.id })}>
                    Update URLs
                  </Button>
                ) : null}
                {manage ? (
                  <ConfirmButton
                    size="xs"
                    variant="ghost"
                    colorPalette="red"
                    title={`Release ${n.e164}?`}
                    detail="Callers will no longer reach the agent on it."
                    onConfirm={() => release.mutate({ phoneNumberId: n.id })}
                  >
                    Release
                  </ConfirmButton>
                ) : null}
              </Table.Cell>
            </Table.Row>
          ))}
        </DataTable>
      ) : null}
      <Box>
        <Text fontWeight="semibold" mb={1}>
          Text outbox
        </Text>
        <Text fontSize="sm" color="fg.muted" mb={3}>
          Without Twilio credentials, texts the agent and the follow-ups send are kept here instead of going out.
        </Text>
        {outbox.data?.length === 0 ? <Text color="fg.muted">No texts waiting.</Text> : null}
        <Stack gap={2}>
          {(outbox.data ?? []).map((m) => (
            <Box key={m.id} borderWidth="1px" borderRadius="md" p={3} as="article" aria-label={`Text to ${m.to}`}>
              <Text fontSize="sm" color="fg.muted">
                {m.from} → {m.to} · <When at={m.createdAt} />
              </Text>
              <Text whiteSpace="pre-wrap">{m.body}</Text>
            </Box>
          ))}
        </Stack>
      </Box>
    </Stack>
  );
}
