"use client";

import { Box, Button, Card, Field, HStack, Input, Link, List, Stack, Text } from "@chakra-ui/react";
import { useState, type ChangeEvent } from "react";

import { FormError, Notice } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import example from "../../../docs/examples/facility-import.json";
import { Table } from "@/components/ui/table";

/** docs/examples/facility-import.json, the format's worked example, offered as a download. */
const EXAMPLE_JSON = `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(example, null, 2))}`;
/** The units CSV's columns (docs/import-format.md) with two rows to overwrite. */
const UNITS_CSV_TEMPLATE = `data:text/csv;charset=utf-8,${encodeURIComponent(
  "facility,unit_type,number,floor,status\nlakeside,5x10 Standard,A101,1,available\nlakeside,10x10 Climate,B201,2,available\n",
)}`;

type Format = "json" | "units_csv";
const KINDS = [
  "facilities",
  "closures",
  "knowledgeBase",
  "unitTypes",
  "units",
  "promotions",
  "fees",
  "protectionPlans",
] as const;
const KIND_LABEL: Record<(typeof KINDS)[number], string> = {
  facilities: "Facilities",
  closures: "Closures",
  knowledgeBase: "Knowledge base",
  unitTypes: "Unit types",
  units: "Units",
  promotions: "Promotions",
  fees: "Fees",
  protectionPlans: "Protection plans",
};

/** Upload → preview (a dry run on the server: validated and rolled back) → confirm (the real import). */
export function ImportPanel({ onDone }: { onDone: () => void }) {
  const utils = api.useUtils();
  const [file, setFile] = useState<{ name: string; format: Format; text: string } | null>(null);
  const [done, setDone] = useState(false);
  const preview = api.inventory.importPreview.useMutation();
  const run = api.inventory.import.useMutation({
    onSuccess: async () => {
      setDone(true);
      await utils.facilities.invalidate();
      await utils.inventory.invalidate();
      onDone();
    },
  });

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.currentTarget.files?.[0];
    setDone(false);
    run.reset();
    if (!f) return setFile(null);
    const text = await f.text();
    const format: Format = f.name.toLowerCase().endsWith(".csv") ? "units_csv" : "json";
    setFile({ name: f.name, format, text });
    preview.mutate({ format, text });
  }

  const summary = preview.data;
  const changes = summary ? KINDS.reduce((n, k) => n + summary[k].created + summary[k].updated, 0) : 0;
  return (
    <Card.Root>
      <Card.Body>
        <Stack gap={4}>
          <Text fontWeight="semibold">Import facilities and inventory</Text>
          <Text fontSize="sm" color="fg.muted">
            A JSON file in the documented import format, or a CSV of units. Nothing changes until you confirm; importing
            the same file twice changes nothing.
          </Text>
          <HStack gap={4} wrap="wrap" fontSize="sm">
            {/* Start from a file that imports as is, rather than from a description of one. */}
            <Link href={EXAMPLE_JSON} download="facility-import.json" colorPalette="blue">
              Example JSON file (facility, unit types, units, rates)
            </Link>
            <Link href={UNITS_CSV_TEMPLATE} download="units-template.csv" colorPalette="blue">
              Units CSV template
            </Link>
          </HStack>
          <Field.Root>
            <Field.Label>Import file</Field.Label>
            <Input type="file" accept=".json,.csv,application/json,text/csv" onChange={onFile} p={1} />
          </Field.Root>
          {preview.isPending ? <Text role="status">Checking {file?.name}…</Text> : null}
          <FormError
            message={preview.error ? `Cannot import ${file?.name ?? "this file"}: ${preview.error.message}` : null}
          />
          <ImportIssues issues={preview.error?.data?.issues} />
          {summary && !done ? (
            <Stack gap={3} aria-label="Import preview">
              <Text fontWeight="medium">Preview of {file?.name}</Text>
              <Box overflowX="auto">
                <Table.Root aria-label="Changes the import will make">
                  <Table.Header>
                    <Table.Row>
                      <Table.ColumnHeader>What</Table.ColumnHeader>
                      <Table.ColumnHeader textAlign="end">New</Table.ColumnHeader>
                      <Table.ColumnHeader textAlign="end">Updated</Table.ColumnHeader>
                      <Table.ColumnHeader textAlign="end">Unchanged</Table.ColumnHeader>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {KINDS.map((k) => (
                      <Table.Row key={k}>
                        <Table.Cell>{KIND_LABEL[k]}</Table.Cell>
                        <Table.Cell textAlign="end">{summary[k].created}</Table.Cell>
                        <Table.Cell textAlign="end">{summary[k].updated}</Table.Cell>
                        <Table.Cell textAlign="end">{summary[k].unchanged}</Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table.Root>
              </Box>
              {summary.warnings.length > 0 ? (
                <Notice
                  status="warning"
                  title={`${summary.warnings.length} warning${summary.warnings.length === 1 ? "" : "s"}`}
                >
                  <List.Root ps={4}>
                    {summary.warnings.map((w, i) => (
                      <List.Item key={i}>{w}</List.Item>
                    ))}
                  </List.Root>
                </Notice>
              ) : null}
              <FormError message={run.error?.message ?? null} />
              <HStack>
                <Button
                  colorPalette="blue"
                  loading={run.isPending}
                  disabled={changes === 0}
                  onClick={() => file && run.mutate({ format: file.format, text: file.text })}
                >
                  Confirm import
                </Button>
                {changes === 0 ? (
                  <Text fontSize="sm">Nothing to change: everything in this file is already here.</Text>
                ) : null}
              </HStack>
            </Stack>
          ) : null}
          {done ? <Notice status="success" title={`Imported ${file?.name ?? "the file"}.`} /> : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

/** All validation problems of a refused file, each naming its line and field. */
function ImportIssues({ issues }: { issues: unknown[] | null | undefined }) {
  if (!issues || issues.length <= 1) return null;
  return (
    <Box as="ul" pl={5} fontSize="sm" aria-label="Problems in the file">
      {issues.slice(0, 50).map((issue, i) => {
        const v = issue as { line?: number; path?: string; field?: string; message?: string };
        const where = [v.line ? `line ${v.line}` : null, v.path ?? v.field].filter(Boolean).join(", ");
        return (
          <li key={i}>
            {where ? `${where}: ` : ""}
            {v.message ?? JSON.stringify(issue)}
          </li>
        );
      })}
    </Box>
  );
}
