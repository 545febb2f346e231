"use client";

import { Badge, Box, Button, Card, HStack, Stack, Text } from "@chakra-ui/react";

import { DataTable, QueryView } from "@/components/ui/data-table";
import { FormError } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import { Table } from "@/components/ui/table";

/**
 * A lead's follow-up texts, scheduled and past, with the controls a member uses to take the lead
 * over: pause (texts wait), resume, cancel, or start a fresh sequence. For the lead page:
 * `<FollowUpsPanel leadId={lead.id} timeZone={facility.timeZone} />`.
 */
const STATUS_COLOR: Record<string, string> = {
  active: "blue",
  paused: "orange",
  completed: "green",
  stopped: "gray",
  cancelled: "red",
  scheduled: "blue",
  sent: "green",
  skipped: "gray",
  failed: "red",
};

const STOP_REASON: Record<string, string> = {
  replied: "the lead replied",
  reserved: "the lead reserved",
  opted_out: "the lead opted out of texts",
  lead_closed: "the lead was closed",
  no_phone: "the lead has no phone number",
  cancelled: "a member cancelled it",
  disabled: "follow-ups are turned off",
};

const TEMPLATE: Record<string, string> = { quote: "Quote", reminder: "Reminder", last: "Last note" };

function when(d: Date | string | null, timeZone?: string) {
  if (!d) return "";
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(d));
}

export function FollowUpsPanel({ leadId, timeZone }: { leadId: string; timeZone?: string }) {
  const utils = api.useUtils();
  // Poll while something is scheduled so sent texts appear without a reload.
  const data = api.followUps.forLead.useQuery(
    { leadId },
    { refetchInterval: (q) => (q.state.data?.canPause || q.state.data?.canResume ? 10_000 : false) },
  );
  const refresh = () => utils.followUps.forLead.invalidate({ leadId });
  const pause = api.followUps.pause.useMutation({ onSuccess: refresh });
  const resume = api.followUps.resume.useMutation({ onSuccess: refresh });
  const cancel = api.followUps.cancel.useMutation({ onSuccess: refresh });
  const start = api.followUps.start.useMutation({ onSuccess: refresh });
  const error = pause.error ?? resume.error ?? cancel.error ?? start.error;

  return (
    <QueryView query={data} loadingLabel="Loading follow-ups">
      {(v) => {
        const running = v.canPause || v.canResume;
        return (
          <Card.Root>
            <Card.Body>
              <Stack gap={4}>
                <HStack justify="space-between" wrap="wrap" gap={3}>
                  <Box>
                    <Text fontWeight="semibold">Follow-up texts</Text>
                    <Text fontSize="sm" color="fg.muted">
                      {v.nextFollowUpAt
                        ? `Next text ${when(v.nextFollowUpAt, timeZone)}.`
                        : running
                          ? "Paused."
                          : "Nothing scheduled."}{" "}
                      Texts only go out between the quiet hours set in Settings › Workflows.
                    </Text>
                  </Box>
                  <HStack gap={2}>
                    {v.canPause ? (
                      <Button
                        size="sm"
                        variant="outline"
                        loading={pause.isPending}
                        onClick={() => pause.mutate({ leadId })}
                      >
                        Pause
                      </Button>
                    ) : null}
                    {v.canResume ? (
                      <Button
                        size="sm"
                        variant="outline"
                        colorPalette="blue"
                        loading={resume.isPending}
                        onClick={() => resume.mutate({ leadId })}
                      >
                        Resume
                      </Button>
                    ) : null}
                    {running ? (
                      <Button
                        size="sm"
                        variant="outline"
                        colorPalette="red"
                        loading={cancel.isPending}
                        onClick={() => cancel.mutate({ leadId })}
                      >
                        Cancel follow-ups
                      </Button>
                    ) : (
                      <Button
                        size="sm"
                        colorPalette="blue"
                        loading={start.isPending}
                        onClick={() => start.mutate({ leadId })}
                      >
                        Start follow-ups
                      </Button>
                    )}
                  </HStack>
                </HStack>
                <FormError message={error?.message ?? null} />
                {v.sequences.length === 0 ? (
                  <Text color="fg.muted">
                    No follow-ups yet. They start on their own after a call or chat that ends without a reservation.
                  </Text>
                ) : (
                  v.sequences.map((s) => (
                    <Box key={s.id}>
                      <HStack gap={2} mb={2} wrap="wrap">
                        <Badge colorPalette={STATUS_COLOR[s.status]}>{s.status}</Badge>
                        <Text fontSize="sm" color="fg.muted">
                          Started {when(s.createdAt, timeZone)}
                          {s.stopReason ? ` · stopped because ${STOP_REASON[s.stopReason] ?? s.stopReason}` : ""}
                        </Text>
                      </HStack>
                      {s.replyText ? (
                        <Text fontSize="sm" mb={2}>
                          Reply: “{s.replyText}”
                        </Text>
                      ) : null}
                      <DataTable label="Follow-up texts" columns={["Text", "When", "Status", "Message"]}>
                        {s.followUps.map((f) => (
                          <Table.Row key={f.id}>
                            <Table.Cell>{TEMPLATE[f.template] ?? f.template}</Table.Cell>
                            <Table.Cell whiteSpace="nowrap">{when(f.sentAt ?? f.scheduledFor, timeZone)}</Table.Cell>
                            <Table.Cell>
                              <Badge colorPalette={STATUS_COLOR[f.status]}>{f.status}</Badge>
                            </Table.Cell>
                            <Table.Cell>
                              <Text fontSize="sm" lineClamp={2}>
                                {f.body ?? f.detail ?? "Written when it is sent."}
                              </Text>
                            </Table.Cell>
                          </Table.Row>
                        ))}
                      </DataTable>
                    </Box>
                  ))
                )}
              </Stack>
            </Card.Body>
          </Card.Root>
        );
      }}
    </QueryView>
  );
}
