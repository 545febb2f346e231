"use client";

import { Badge, Box, Button, Card, Flex, Heading, HStack, Stack, Text } from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { FormError, Notice } from "@/components/ui/states";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";
// The server's own range reader (pure, no I/O), so the preview shows exactly what will be created.
import { expandUnitRange } from "@/lib/unit-range";

import { readInt } from "./form-values";

type Preview = { ok: true; numbers: string[] } | { ok: false; error: string } | null;

function preview(range: string): Preview {
  if (!range.trim()) return null;
  try {
    return { ok: true, numbers: expandUnitRange(range) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : "Not a unit range." };
  }
}

/** Creates units A101–A130 style for one unit type, with a preview; numbers that exist are skipped. */
export function BulkUnitsForm({ facilityId }: { facilityId: string }) {
  // Not shown for a PMS-managed facility (facility-detail.tsx): its units come from the PMS.
  const utils = api.useUtils();
  const types = api.inventory.availability.useQuery({ facilityId });
  const [chosen, setChosen] = useState("");
  const [range, setRange] = useState("");
  const [floor, setFloor] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const create = api.inventory.bulkCreateUnits.useMutation({
    onSuccess: async (r) => {
      const skipped = r.skipped.length
        ? ` Skipped ${r.skipped.length} that already exist (${r.skipped.slice(0, 5).join(", ")}${r.skipped.length > 5 ? "…" : ""}).`
        : "";
      setResult(`Created ${r.created} unit${r.created === 1 ? "" : "s"}.${skipped}`);
      setRange("");
      await utils.inventory.invalidate();
    },
  });
  const unitTypeId = chosen || types.data?.[0]?.unitTypeId || "";
  const p = preview(range);
  if (types.data?.length === 0) return null;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setResult(null);
    if (!unitTypeId) return setError("Choose a unit type.");
    if (!p) return setError("Enter a range of unit numbers such as A101-A130.");
    if (!p.ok) return setError(p.error);
    const f = floor.trim() ? readInt(floor, "Floor", -5, 200) : ({ ok: true, value: null } as const);
    if (!f.ok) return setError(f.error);
    create.mutate({ unitTypeId, range: range.trim(), floor: f.value });
  }

  return (
    <Card.Root>
      <Card.Body>
        <form onSubmit={onSubmit} aria-label="Add units" noValidate>
          <Stack gap={3}>
            <Heading as="h2" size="md">
              Add units
            </Heading>
            <Text fontSize="sm" color="fg.muted">
              A range like A101-A130 creates 30 units of the chosen type. Numbers that already exist at this facility
              are left as they are.
            </Text>
            <Flex gap={3} direction={{ base: "column", md: "row" }} align={{ md: "flex-start" }}>
              <LabeledSelect label="Unit type for new units" value={unitTypeId} onChange={setChosen}>
                {types.data?.map((t) => (
                  <option key={t.unitTypeId} value={t.unitTypeId}>
                    {t.name}
                  </option>
                ))}
              </LabeledSelect>
              <Box flex="1">
                <TextField
                  label="Unit numbers"
                  size="sm"
                  placeholder="A101-A130"
                  value={range}
                  onChange={(e) => setRange(e.currentTarget.value)}
                  error={p && !p.ok ? p.error : null}
                />
              </Box>
              <Box w={{ md: "28" }}>
                <TextField
                  label="Floor"
                  size="sm"
                  inputMode="numeric"
                  value={floor}
                  onChange={(e) => setFloor(e.currentTarget.value)}
                />
              </Box>
            </Flex>
            {p?.ok ? (
              <HStack wrap="wrap" gap={1} aria-label="Preview of new unit numbers" role="status">
                <Text fontSize="sm" fontWeight="medium">
                  {p.numbers.length} unit{p.numbers.length === 1 ? "" : "s"}:
                </Text>
                {(p.numbers.length > 8 ? [...p.numbers.slice(0, 4), "…", ...p.numbers.slice(-3)] : p.numbers).map(
                  (n, i) => (
                    <Badge key={`${n}-${i}`} variant="outline">
                      {n}
                    </Badge>
                  ),
                )}
              </HStack>
            ) : null}
            <FormError message={error ?? create.error?.message ?? null} />
            {result ? <Notice status="success" title={result} /> : null}
            <Button
              type="submit"
              size="sm"
              colorPalette="blue"
              alignSelf="flex-start"
              loading={create.isPending}
              disabled={!p?.ok}
            >
              {p?.ok ? `Create ${p.numbers.length} unit${p.numbers.length === 1 ? "" : "s"}` : "Create units"}
            </Button>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}
