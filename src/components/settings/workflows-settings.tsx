"use client";

import { Badge, Box, Button, Card, Checkbox, Flex, HStack, Input, NativeSelect, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { DataTable, QueryView } from "@/components/ui/data-table";
import { FormError, PageHeader, SaveOutcome } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import { When } from "@/components/ui/when";
import { Table } from "@/components/ui/table";

/** Settings › Workflows (admins): follow-up sequence, quiet hours, text-backs, and failed workflows with a retry. */
type Step = { delayMinutes: number; template: "quote" | "reminder" | "last" };
const TEMPLATES: Step["template"][] = ["quote", "reminder", "last"];

type Settings = {
  followUpsEnabled: boolean;
  followUpSteps: Step[];
  quietHours: { start: string; end: string };
  missedCallTextBack: boolean;
  reservationReminders: boolean;
};

function AutomationForm() {
  const utils = api.useUtils();
  const settings = api.workflows.settings.useQuery();
  // Lives here, above the keyed form, so "Saved" survives the form starting over.
  const save = api.workflows.updateSettings.useMutation({ onSuccess: () => utils.workflows.settings.invalidate() });
  return (
    <QueryView query={settings} loadingLabel="Loading settings">
      {/* Keyed on the saved values: the form starts over from them after each save. */}
      {(initial) => <AutomationFields key={JSON.stringify(initial)} initial={initial} save={save} />}
    </QueryView>
  );
}

type SaveMutation = ReturnType<typeof api.workflows.updateSettings.useMutation>;

function AutomationFields({ initial, save }: { initial: Settings; save: SaveMutation }) {
  const [steps, setSteps] = useState<Step[]>(initial.followUpSteps);
  const [start, setStart] = useState(initial.quietHours.start);
  const [end, setEnd] = useState(initial.quietHours.end);
  const [followUps, setFollowUps] = useState(initial.followUpsEnabled);
  const [textBack, setTextBack] = useState(initial.missedCallTextBack);
  const [reminders, setReminders] = useState(initial.reservationReminders);
  const setStep = (i: number, patch: Partial<Step>) =>
    setSteps((all) => all.map((s, j) => (i === j ? { ...s, ...patch } : s)));

  return (
    <Card.Root>
      <Card.Body>
        <form
          aria-label="Automation settings"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({
              followUpSteps: steps,
              quietHours: { start, end },
              followUpsEnabled: followUps,
              missedCallTextBack: textBack,
              reservationReminders: reminders,
            });
          }}
        >
          <Stack gap={4}>
            <Text fontWeight="semibold">Automations</Text>
            <SaveOutcome
              error={save.error}
              succeeded={save.isSuccess}
              saved="Saved. New sequences use these settings."
            />
            <Checkbox.Root checked={followUps} onCheckedChange={(d) => setFollowUps(d.checked === true)}>
              <Checkbox.HiddenInput />
              <Checkbox.Control />
              <Checkbox.Label>Text leads after a call or chat that ended without a reservation</Checkbox.Label>
            </Checkbox.Root>
            <Stack gap={2} pl={6}>
              {steps.map((s, i) => (
                <HStack key={i} gap={2} wrap="wrap">
                  <Input
                    aria-label={`Minutes after the call for text ${i + 1}`}
                    type="number"
                    min={0}
                    width="28"
                    size="sm"
                    value={s.delayMinutes}
                    onChange={(e) => setStep(i, { delayMinutes: Number(e.currentTarget.value) })}
                  />
                  <Text fontSize="sm">minutes after, send</Text>
                  <NativeSelect.Root size="sm" width="36">
                    <NativeSelect.Field
                      aria-label={`Template for text ${i + 1}`}
                      value={s.template}
                      onChange={(e) => setStep(i, { template: e.currentTarget.value as Step["template"] })}
                    >
                      {TEMPLATES.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </NativeSelect.Field>
                    <NativeSelect.Indicator />
                  </NativeSelect.Root>
                  <Button size="xs" variant="ghost" onClick={() => setSteps((all) => all.filter((_, j) => j !== i))}>
                    Remove
                  </Button>
                </HStack>
              ))}
              <Box>
                <Button
                  size="xs"
                  variant="outline"
                  disabled={steps.length >= 10}
                  onClick={() =>
                    setSteps((all) => [
                      ...all,
                      { delayMinutes: (all.at(-1)?.delayMinutes ?? 0) + 1440, template: "reminder" },
                    ])
                  }
                >
                  Add a text
                </Button>
              </Box>
            </Stack>
            <Flex gap={3} align="center" wrap="wrap">
              <Text fontSize="sm">Only text between</Text>
              <Input
                aria-label="Quiet hours end (texts from)"
                size="sm"
                width="24"
                value={start}
                onChange={(e) => setStart(e.currentTarget.value)}
                placeholder="08:00"
              />
              <Text fontSize="sm">and</Text>
              <Input
                aria-label="Quiet hours start (texts until)"
                size="sm"
                width="24"
                value={end}
                onChange={(e) => setEnd(e.currentTarget.value)}
                placeholder="21:00"
              />
              <Text fontSize="sm" color="fg.muted">
                in each facility&apos;s time zone
              </Text>
            </Flex>
            <Checkbox.Root checked={textBack} onCheckedChange={(d) => setTextBack(d.checked === true)}>
              <Checkbox.HiddenInput />
              <Checkbox.Control />
              <Checkbox.Label>Text back callers whose call was missed or abandoned</Checkbox.Label>
            </Checkbox.Root>
            <Checkbox.Root checked={reminders} onCheckedChange={(d) => setReminders(d.checked === true)}>
              <Checkbox.HiddenInput />
              <Checkbox.Control />
              <Checkbox.Label>Remind customers the day before move-in</Checkbox.Label>
            </Checkbox.Root>
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

function FailedWorkflows() {
  const utils = api.useUtils();
  const failed = api.workflows.failed.useQuery();
  const retry = api.workflows.retry.useMutation({ onSuccess: () => utils.workflows.failed.invalidate() });
  return (
    <QueryView query={failed} loadingLabel="Loading workflows">
      {(rows) => (
        <Card.Root>
          <Card.Body>
            <Stack gap={3}>
              <Text fontWeight="semibold">Failed workflows</Text>
              <FormError message={retry.error?.message ?? null} />
              {rows.length === 0 ? (
                <Text color="fg.muted">
                  Nothing has failed. Texts, e-mails and webhooks are retried on their own before anything shows up
                  here.
                </Text>
              ) : (
                <DataTable label="Failed workflows" columns={["Workflow", "Error", "Since", ""]}>
                  {rows.map((w) => (
                    <Table.Row key={w.workflowId}>
                      <Table.Cell>
                        <Text fontWeight="medium">{w.name}</Text>
                        <Text fontSize="xs" color="fg.muted">
                          {w.workflowId}
                        </Text>
                      </Table.Cell>
                      <Table.Cell>
                        <Badge colorPalette="red" mr={2}>
                          {w.status === "ERROR" ? "error" : "gave up"}
                        </Badge>
                        <Text as="span" fontSize="sm">
                          {w.error}
                        </Text>
                      </Table.Cell>
                      <Table.Cell whiteSpace="nowrap">
                        <When at={w.updatedAt ?? w.createdAt} />
                      </Table.Cell>
                      <Table.Cell>
                        <Button
                          size="xs"
                          variant="outline"
                          loading={retry.isPending && retry.variables?.workflowId === w.workflowId}
                          onClick={() => retry.mutate({ workflowId: w.workflowId })}
                        >
                          Retry
                        </Button>
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </DataTable>
              )}
            </Stack>
          </Card.Body>
        </Card.Root>
      )}
    </QueryView>
  );
}

export function WorkflowsSettings() {
  return (
    <Box>
      <PageHeader
        title="Workflows"
        description="Follow-up texts, reminders and text-backs that run on their own, and anything that failed."
      />
      <Stack gap={6}>
        <AutomationForm />
        <FailedWorkflows />
      </Stack>
    </Box>
  );
}
