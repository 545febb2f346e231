"use client";

import { Badge, Button, Card, HStack, Link, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { ComingSoon, ErrorState, FormError, Loading, PageHeader } from "@/components/ui/states";
import { api } from "@/lib/trpc";

import { download } from "./format";
import { ImportPanel } from "./import-panel";

function UnitCounts({ facilityId }: { facilityId: string }) {
  const avail = api.inventory.availability.useQuery({ facilityId });
  if (avail.isLoading)
    return (
      <Text fontSize="sm" color="fg.muted">
        Counting units…
      </Text>
    );
  if (avail.error)
    return (
      <Text fontSize="sm" color="fg.error">
        {avail.error.message}
      </Text>
    );
  const rows = avail.data ?? [];
  const total = rows.reduce((n, r) => n + r.total, 0);
  const available = rows.reduce((n, r) => n + r.available, 0);
  return (
    <Text fontSize="sm">
      <strong>{available}</strong> of {total} units available · {rows.length} unit type{rows.length === 1 ? "" : "s"}
    </Text>
  );
}

export function FacilitiesList() {
  const org = useOrg();
  const utils = api.useUtils();
  const facilities = api.facilities.list.useQuery();
  const [importing, setImporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  async function exportAs(format: "json" | "units_csv") {
    setExportError(null);
    try {
      const res = await utils.inventory.export.fetch({ format });
      if (res.format === "json") download("inventory.json", JSON.stringify(res.file, null, 2), "application/json");
      else download("units.csv", res.csv, "text/csv");
    } catch (err) {
      setExportError(err instanceof Error ? err.message : "Export failed.");
    }
  }

  return (
    <Stack gap={6}>
      <PageHeader
        title="Facilities"
        description="Your locations, their hours, policies and inventory."
        actions={
          <HStack wrap="wrap">
            {org.can("manager") ? (
              <>
                <Button asChild colorPalette="blue">
                  <NextLink href={org.href("/facilities/new")}>New facility</NextLink>
                </Button>
                <Button
                  colorPalette="blue"
                  variant="outline"
                  onClick={() => setImporting((v) => !v)}
                  aria-expanded={importing}
                >
                  Import
                </Button>
              </>
            ) : null}
            <Button variant="outline" onClick={() => exportAs("json")}>
              Export JSON
            </Button>
            <Button variant="outline" onClick={() => exportAs("units_csv")}>
              Export units CSV
            </Button>
          </HStack>
        }
      />
      {importing ? <ImportPanel onDone={() => void facilities.refetch()} /> : null}
      <FormError message={exportError} />
      {facilities.isLoading ? <Loading label="Loading facilities" /> : null}
      {facilities.error ? <ErrorState error={facilities.error} onRetry={() => facilities.refetch()} /> : null}
      {facilities.data?.length === 0 ? (
        <ComingSoon title="No facilities yet">
          {org.can("manager")
            ? "Add a facility, or import a facility file with your locations, unit types and units."
            : "A manager can add your locations."}
        </ComingSoon>
      ) : null}
      <SimpleGrid columns={{ base: 1, md: 2, xl: 3 }} gap={4}>
        {facilities.data?.map((f) => (
          <Card.Root key={f.id} as="article" aria-label={f.name}>
            <Card.Body>
              <Stack gap={2}>
                <HStack justify="space-between">
                  <Link asChild fontWeight="semibold" fontSize="lg" colorPalette="blue">
                    <NextLink href={org.href(`/facilities/${f.id}`)}>{f.name}</NextLink>
                  </Link>
                  {f.active ? null : <Badge>inactive</Badge>}
                </HStack>
                <Text fontSize="sm" color="fg.muted">
                  {[f.addressLine1, f.city, [f.state, f.postalCode].filter(Boolean).join(" ")]
                    .filter(Boolean)
                    .join(", ") || "No address"}
                </Text>
                {f.phone ? <Text fontSize="sm">{f.phone}</Text> : null}
                <UnitCounts facilityId={f.id} />
              </Stack>
            </Card.Body>
          </Card.Root>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
