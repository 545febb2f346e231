"use client";

import { Badge, Button, Link, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { money } from "@/components/inventory/format";
import { DataTable, QueryList } from "@/components/ui/data-table";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { FormError, PageHeader } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import { Table } from "@/components/ui/table";

const STATUS_COLOR: Record<string, string> = { active: "blue", held: "orange", paid: "green", opted_out: "gray" };
const STEP_LABEL: Record<string, string> = { text: "Text", email: "E-mail", task: "Task" };
const STATUS_LABEL: Record<string, string> = {
  active: "active",
  held: "on hold",
  paid: "paid",
  opted_out: "opted out",
};

/** Collections: tenants past due, the steps sent so far and the next one, with Hold / Resume. */
export function CollectionsQueue() {
  const org = useOrg();
  const utils = api.useUtils();
  const [status, setStatus] = useState<"open" | "all">("open");
  const q = api.payments.collections.useQuery({ status });
  const hold = api.payments.holdCollection.useMutation({ onSuccess: () => utils.payments.collections.invalidate() });
  return (
    <Stack gap={4}>
      <PageHeader
        title="Collections"
        description="Tenants past due get a text with a pay link, an e-mail, then a task for you (Settings > Payments). A payment, a STOP reply or a hold stops it."
        actions={
          <LabeledSelect label="Show" value={status} onChange={(v) => setStatus(v as "open" | "all")}>
            <option value="open">Open (active and on hold)</option>
            <option value="all">All, including paid and opted out</option>
          </LabeledSelect>
        }
      />
      <FormError message={hold.error?.message ?? null} />
      <QueryList query={q} loadingLabel="Loading collections" empty="Nobody is past due.">
        {(rows) => (
          <DataTable
            label="Collections"
            framed
            columns={["Tenant", "Facility", "Due since", "Past due", "Balance now", "Steps", "Next", "Status", ""]}
          >
            {rows.map((c) => (
              <Table.Row key={c.id}>
                <Table.Cell>
                  <Link asChild colorPalette="blue">
                    <NextLink href={org.href(`/customers/${c.customerId}`)}>{c.customerName || "(no name)"}</NextLink>
                  </Link>
                </Table.Cell>
                <Table.Cell>{c.facilityName ?? "–"}</Table.Cell>
                <Table.Cell whiteSpace="nowrap">{c.dueDate}</Table.Cell>
                <Table.Cell>{money(c.pastDueCents)}</Table.Cell>
                <Table.Cell>{money(c.balanceCents)}</Table.Cell>
                <Table.Cell>
                  {c.steps.length === 0 ? (
                    <Text color="fg.muted">none yet</Text>
                  ) : (
                    c.steps.map((s) => (
                      <Text key={s.step} fontSize="sm" title={s.detail ?? undefined}>
                        {STEP_LABEL[s.step]} {s.outcome} · {org.dateTime(s.at)}
                      </Text>
                    ))
                  )}
                </Table.Cell>
                <Table.Cell whiteSpace="nowrap">
                  {c.status === "active" && c.nextStepAt
                    ? `${STEP_LABEL[["text", "email", "task"][c.stepsDone]!]} ${org.dateTime(c.nextStepAt)}`
                    : "–"}
                </Table.Cell>
                <Table.Cell>
                  <Badge colorPalette={STATUS_COLOR[c.status] ?? "gray"}>{STATUS_LABEL[c.status] ?? c.status}</Badge>
                  {c.status === "held" && c.heldBy ? (
                    <Text fontSize="xs" color="fg.muted">
                      by {c.heldBy}
                    </Text>
                  ) : null}
                </Table.Cell>
                <Table.Cell>
                  {c.status === "active" || c.status === "held" ? (
                    <Button
                      size="xs"
                      variant="outline"
                      loading={hold.isPending && hold.variables?.caseId === c.id}
                      onClick={() => hold.mutate({ caseId: c.id, hold: c.status === "active" })}
                    >
                      {c.status === "active" ? "Hold" : "Resume"}
                    </Button>
                  ) : null}
                </Table.Cell>
              </Table.Row>
            ))}
          </DataTable>
        )}
      </QueryList>
    </Stack>
  );
}
