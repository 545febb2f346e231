"use client";

import { Box, Button, Card, Checkbox, Flex, HStack, Input, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { ErrorState, Loading, PageHeader, SaveOutcome } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";
import type { AlertKind, AlertRule, AlertRules } from "@/server/db/schema";
import { When } from "@/components/ui/when";
import { Table } from "@/components/ui/table";

/** Settings › Alerts (admins): who is told, by e-mail or text, about which events; and the alerts raised lately. */
const KINDS: { kind: AlertKind; label: string; threshold?: string; window?: string }[] = [
  { kind: "after_hours_person", label: "A caller asks for a person after hours" },
  { kind: "message_taken", label: "A caller leaves a message or asks for a call back" },
  { kind: "reservation_created", label: "A reservation is made" },
  { kind: "lead_waiting", label: "A new lead has had no response for", threshold: "minutes" },
  {
    kind: "agent_failing",
    label: "The agent fails (errors or model fallbacks)",
    threshold: "times within",
    window: "minutes",
  },
  { kind: "number_silent", label: "A number gets no calls for", threshold: "office hours" },
  {
    kind: "pms_failing",
    label: "The PMS fails to sync, or a booking cannot reach it, for",
    threshold: "minutes",
  },
  { kind: "payment_disputed", label: "A customer disputes a card payment (and when the dispute ends)" },
];

interface Settings {
  emailRecipients: string[];
  smsRecipients: string[];
  rules: AlertRules;
}

export function AlertsSettings() {
  const utils = api.useUtils();
  const settings = api.alerts.settings.useQuery();
  const save = api.alerts.updateSettings.useMutation({ onSuccess: () => utils.alerts.settings.invalidate() });
  return (
    <Box>
      <PageHeader
        title="Alerts"
        description="Be told at once when something needs a person: by e-mail, or by text to a manager's phone."
      />
      <Stack gap={6}>
        {settings.isLoading ? <Loading label="Loading alert settings" /> : null}
        {settings.error ? <ErrorState error={settings.error} onRetry={() => void settings.refetch()} /> : null}
        {settings.data ? <AlertsForm key={JSON.stringify(settings.data)} initial={settings.data} save={save} /> : null}
        <RecentAlerts />
      </Stack>
    </Box>
  );
}

type SaveMutation = ReturnType<typeof api.alerts.updateSettings.useMutation>;
const list = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

function AlertsForm({ initial, save }: { initial: Settings; save: SaveMutation }) {
  const [emails, setEmails] = useState(initial.emailRecipients.join(", "));
  const [phones, setPhones] = useState(initial.smsRecipients.join(", "));
  const [rules, setRules] = useState<AlertRules>(initial.rules);
  const setRule = (kind: AlertKind, patch: Partial<AlertRule>) =>
    setRules((all) => ({ ...all, [kind]: { ...all[kind], ...patch } }));

  return (
    <Card.Root>
      <Card.Body>
        <form
          aria-label="Alert settings"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ emailRecipients: list(emails), smsRecipients: list(phones), rules });
          }}
        >
          <Stack gap={4}>
            <SaveOutcome error={save.error} succeeded={save.isSuccess} />
            <Flex gap={4} wrap="wrap">
              <Box flex="1" minW="64">
                <TextField
                  label="E-mail alerts to"
                  placeholder="manager@example.com"
                  value={emails}
                  onChange={(e) => setEmails(e.currentTarget.value)}
                  helper="Separate addresses with commas."
                />
              </Box>
              <Box flex="1" minW="64">
                <TextField
                  label="Text alerts to"
                  placeholder="+1 512 555 0100"
                  value={phones}
                  onChange={(e) => setPhones(e.currentTarget.value)}
                  helper="Sent from your organization's number."
                />
              </Box>
            </Flex>
            <Table.Root aria-label="Alerts">
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeader>When</Table.ColumnHeader>
                  <Table.ColumnHeader>On</Table.ColumnHeader>
                  <Table.ColumnHeader>E-mail</Table.ColumnHeader>
                  <Table.ColumnHeader>Text</Table.ColumnHeader>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {KINDS.map((k) => {
                  const rule = rules[k.kind];
                  return (
                    <Table.Row key={k.kind}>
                      <Table.Cell>
                        <HStack gap={2} wrap="wrap">
                          <Text fontSize="sm">{k.label}</Text>
                          {k.threshold ? (
                            <>
                              <Input
                                aria-label={`${k.label} (${k.threshold})`}
                                type="number"
                                min={1}
                                size="xs"
                                width="20"
                                value={rule.threshold ?? ""}
                                onChange={(e) => setRule(k.kind, { threshold: Number(e.currentTarget.value) })}
                              />
                              <Text fontSize="sm">{k.threshold}</Text>
                            </>
                          ) : null}
                          {k.window ? (
                            <>
                              <Input
                                aria-label={`${k.label} (${k.window})`}
                                type="number"
                                min={1}
                                size="xs"
                                width="20"
                                value={rule.windowMinutes ?? ""}
                                onChange={(e) => setRule(k.kind, { windowMinutes: Number(e.currentTarget.value) })}
                              />
                              <Text fontSize="sm">{k.window}</Text>
                            </>
                          ) : null}
                        </HStack>
                      </Table.Cell>
                      {(["enabled", "email", "sms"] as const).map((field) => (
                        <Table.Cell key={field}>
                          <Checkbox.Root
                            checked={rule[field]}
                            onCheckedChange={(d) => setRule(k.kind, { [field]: d.checked === true })}
                          >
                            <Checkbox.HiddenInput
                              aria-label={`${k.label}: ${field === "enabled" ? "on" : field === "sms" ? "text" : "e-mail"}`}
                            />
                            <Checkbox.Control />
                          </Checkbox.Root>
                        </Table.Cell>
                      ))}
                    </Table.Row>
                  );
                })}
              </Table.Body>
            </Table.Root>
            <Text fontSize="sm" color="fg.muted">
              Each event alerts once. Without SMTP or Twilio configured, alerts wait in Settings › Outbox.
            </Text>
            <Box>
              <Button type="submit" colorPalette="blue" loading={save.isPending}>
                Save
              </Button>
            </Box>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}

function RecentAlerts() {
  const recent = api.alerts.recent.useQuery();
  if (recent.isLoading) return <Loading label="Loading recent alerts" />;
  if (recent.error) return <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />;
  return (
    <Card.Root>
      <Card.Body>
        <Stack gap={3}>
          <Text fontWeight="semibold">Recent alerts</Text>
          {recent.data!.length === 0 ? (
            <Text color="fg.muted">No alerts yet.</Text>
          ) : (
            <Table.Root aria-label="Recent alerts">
              <Table.Body>
                {recent.data!.map((a) => (
                  <Table.Row key={a.id}>
                    <Table.Cell whiteSpace="nowrap" color="fg.muted">
                      <When at={a.createdAt} />
                    </Table.Cell>
                    <Table.Cell>
                      <Text fontWeight="medium">{a.link ? <a href={a.link}>{a.subject}</a> : a.subject}</Text>
                      <Text fontSize="sm" color="fg.muted">
                        {a.body}
                      </Text>
                    </Table.Cell>
                    <Table.Cell fontSize="sm" color="fg.muted">
                      {a.deliveries.map((d) => `${d.channel === "sms" ? "text" : "e-mail"} ${d.status}`).join(", ")}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          )}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
