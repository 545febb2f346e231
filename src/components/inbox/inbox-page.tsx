"use client";

import { Badge, Box, Button, Card, HStack, Link, NativeSelect, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useMemo, useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { AddTaskForm } from "@/components/inbox/add-task-form";
import { FacilitySelect, LabeledSelect } from "@/components/ui/labeled-select";
import { ShowMore } from "@/components/ui/data-table";
import { ErrorState, FormError, Loading, PageHeader } from "@/components/ui/states";
import { formatPhone } from "@/lib/format-phone";
import type { RouterOutputs } from "@/components/inventory/types";
import { api } from "@/lib/trpc";

import { dueLabel, TASK_KIND_COLOR, TASK_KIND_LABEL } from "./task-labels";
import { When } from "@/components/ui/when";

type TaskRow = RouterOutputs["tasks"]["list"]["items"][number];
type Member = RouterOutputs["team"]["list"]["members"][number];

function TaskCard({ t, members, onChanged }: { t: TaskRow; members: Member[]; onChanged: () => void }) {
  const org = useOrg();
  const assign = api.tasks.assign.useMutation({ onSuccess: onChanged });
  const setDone = api.tasks.setDone.useMutation({ onSuccess: onChanged });
  const due = dueLabel(t.dueAt);
  const contact = [t.contactName, formatPhone(t.contactPhone), t.contactEmail].filter(Boolean).join(" · ");
  return (
    <Card.Root data-testid="task" size="sm" borderLeftWidth="4px" borderLeftColor={`${TASK_KIND_COLOR[t.kind]}.solid`}>
      <Card.Body>
        <Stack gap={2}>
          <HStack justify="space-between" align="start" gap={3} flexWrap="wrap">
            <Box minW={0}>
              <HStack gap={2} mb={1} flexWrap="wrap">
                <Badge colorPalette={TASK_KIND_COLOR[t.kind]}>{TASK_KIND_LABEL[t.kind] ?? t.kind}</Badge>
                {t.priority === "urgent" ? <Badge colorPalette="red">Urgent</Badge> : null}
                {t.doneAt ? (
                  <Badge colorPalette="green">Done</Badge>
                ) : (
                  <Text
                    as="span"
                    fontSize="sm"
                    color={due.overdue ? "fg.error" : "fg.muted"}
                    title={org.dateTime(t.dueAt)}
                  >
                    {due.text}
                  </Text>
                )}
                {t.facilityName ? (
                  <Text as="span" fontSize="sm" color="fg.muted">
                    · {t.facilityName}
                  </Text>
                ) : null}
              </HStack>
              <Text fontWeight="semibold">{t.title}</Text>
              {contact ? <Text fontSize="sm">{contact}</Text> : null}
            </Box>
            <HStack gap={2} flexWrap="wrap">
              <NativeSelect.Root size="sm" width="44" disabled={assign.isPending}>
                <NativeSelect.Field
                  aria-label={`Assign “${t.title}”`}
                  value={t.assigneeMemberId ?? ""}
                  onChange={(e) => assign.mutate({ taskId: t.id, memberId: e.currentTarget.value || null })}
                >
                  <option value="">Unassigned</option>
                  {members.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.userId === org.user.id ? `${m.name} (me)` : m.name}
                    </option>
                  ))}
                </NativeSelect.Field>
                <NativeSelect.Indicator />
              </NativeSelect.Root>
              <Button
                size="sm"
                variant={t.doneAt ? "outline" : "solid"}
                colorPalette={t.doneAt ? "gray" : "green"}
                loading={setDone.isPending}
                onClick={() => setDone.mutate({ taskId: t.id, done: !t.doneAt })}
              >
                {t.doneAt ? "Open again" : "Done"}
              </Button>
            </HStack>
          </HStack>
          {t.body ? (
            <Text whiteSpace="pre-wrap" bg="bg.muted" borderRadius="md" px={3} py={2} fontSize="sm">
              {t.body}
            </Text>
          ) : null}
          <HStack gap={4} fontSize="sm" flexWrap="wrap">
            {t.customerId ? (
              <Link asChild colorPalette="blue">
                <NextLink href={org.href(`/customers/${t.customerId}`)}>Customer</NextLink>
              </Link>
            ) : null}
            {t.conversationId ? (
              <Link asChild colorPalette="blue">
                <NextLink href={org.href(`/calls/${t.conversationId}`)}>Conversation</NextLink>
              </Link>
            ) : null}
            <Text color="fg.muted">
              From {t.createdBy}, <When at={t.createdAt} />
              {t.assigneeName ? ` · assigned to ${t.assigneeName}` : ""}
            </Text>
          </HStack>
          <FormError message={assign.error?.message ?? setDone.error?.message ?? null} />
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

/**
 * The inbox (issue 22): messages the agent took, callbacks asked for, escalations and transfers
 * nobody answered, as tasks with an owner and a due time. Open ones by due time, overdue first.
 */
export function InboxPage() {
  const utils = api.useUtils();
  const [status, setStatus] = useState<"open" | "done">("open");
  const [assignee, setAssignee] = useState("anyone");
  const [kind, setKind] = useState("");
  const [facilityId, setFacilityId] = useState("");
  const [adding, setAdding] = useState(false);
  const input = useMemo(
    () => ({
      status,
      assignee,
      kind: (kind || null) as TaskRow["kind"] | null,
      facilityId: facilityId || null,
      limit: 25,
    }),
    [status, assignee, kind, facilityId],
  );
  const tasks = api.tasks.list.useInfiniteQuery(input, {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 30_000,
  });
  const counts = api.tasks.counts.useQuery(undefined, { refetchInterval: 30_000 });
  const team = api.team.list.useQuery();
  const facilities = api.facilities.list.useQuery();
  const members = team.data?.members ?? [];
  const rows = tasks.data?.pages.flatMap((p) => p.items) ?? [];
  const changed = () => {
    void utils.tasks.list.invalidate();
    void utils.tasks.counts.invalidate();
  };
  const c = counts.data;

  return (
    <Box>
      <PageHeader
        title="Inbox"
        description="Messages the agent took, callbacks, escalations and transfers nobody answered."
        actions={
          <Button colorPalette="blue" onClick={() => setAdding((a) => !a)}>
            {adding ? "Close" : "Add a task"}
          </Button>
        }
      />
      {adding ? (
        <AddTaskForm
          members={members}
          onDone={() => {
            setAdding(false);
            changed();
          }}
        />
      ) : null}
      <HStack gap={4} mb={4} flexWrap="wrap" align="end">
        <LabeledSelect label="Show" value={status} onChange={(v) => setStatus(v as "open" | "done")}>
          <option value="open">Open{c ? ` (${c.open})` : ""}</option>
          <option value="done">Done</option>
        </LabeledSelect>
        <LabeledSelect label="Assigned to" value={assignee} onChange={setAssignee}>
          <option value="anyone">Anyone</option>
          <option value="me">Me{c ? ` (${c.mine})` : ""}</option>
          <option value="unassigned">Nobody{c ? ` (${c.unassigned})` : ""}</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </LabeledSelect>
        <LabeledSelect label="Kind" value={kind} onChange={setKind}>
          <option value="">All kinds</option>
          {Object.entries(TASK_KIND_LABEL).map(([k, label]) => (
            <option key={k} value={k}>
              {label}
              {c?.byKind[k] ? ` (${c.byKind[k]})` : ""}
            </option>
          ))}
        </LabeledSelect>
        {(facilities.data?.length ?? 0) > 1 ? (
          <FacilitySelect value={facilityId} onChange={setFacilityId} facilities={facilities.data ?? []} />
        ) : null}
        {c && (c.overdue > 0 || c.urgent > 0) ? (
          <Text fontSize="sm" color="fg.error" pb={2} data-testid="inbox-alerts">
            {[c.overdue ? `${c.overdue} overdue` : null, c.urgent ? `${c.urgent} urgent` : null]
              .filter(Boolean)
              .join(" · ")}
          </Text>
        ) : null}
      </HStack>
      {tasks.error ? <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} /> : null}
      {tasks.isLoading ? <Loading label="Loading the inbox" /> : null}
      {!tasks.isLoading && !tasks.error && rows.length === 0 ? (
        <Card.Root>
          <Card.Body>
            <Text color="fg.muted">
              {status === "open" ? "Nothing to do: no open tasks here." : "No done tasks here yet."}
            </Text>
          </Card.Body>
        </Card.Root>
      ) : null}
      <Stack gap={3}>
        {rows.map((t) => (
          <TaskCard key={t.id} t={t} members={members} onChanged={changed} />
        ))}
      </Stack>
      <ShowMore query={tasks} mt={4} />
    </Box>
  );
}
