"use client";

import { Badge, Button, HStack, Link, Stack } from "@chakra-ui/react";
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { DataLoaded } from "@/components/ui/data-loaded";
import { ErrorState, Loading, Notice, PageHeader, RefreshError } from "@/components/ui/states";
import { api } from "@/lib/trpc";

import { BulkUnitsForm } from "./bulk-units-form";
import { FacilityForm } from "./facility-form";
import { FacilityInfo } from "./facility-info";
import { FeesAndPlans } from "./fees-and-plans";
import { RatesEditor } from "./rates-editor";
import { UnitTypesTable } from "./unit-types-table";
import { UnitsTable } from "./units-table";

export function FacilityDetail({ id }: { id: string }) {
  const org = useOrg();
  const facility = api.facilities.get.useQuery({ facilityId: id });
  const [editing, setEditing] = useState(false);
  const router = useRouter();
  if (facility.isLoading) return <Loading label="Loading facility" />;
  if (!facility.data) return <ErrorState error={facility.error} onRetry={() => facility.refetch()} />;
  const f = facility.data;
  return (
    <Stack gap={8}>
      <RefreshError error={facility.error} onRetry={() => facility.refetch()} />
      <Link asChild fontSize="sm" colorPalette="blue">
        <NextLink href={org.href("/facilities")}>← All facilities</NextLink>
      </Link>
      <PageHeader
        title={f.name}
        description={[f.city, f.state].filter(Boolean).join(", ")}
        actions={
          <HStack>
            {f.active ? <Badge colorPalette="green">active</Badge> : <Badge>inactive</Badge>}
            {f.managedBy ? <Badge colorPalette="purple">Managed in {f.managedBy}</Badge> : null}
            {org.can("manager") && !editing ? (
              <Button variant="outline" onClick={() => setEditing(true)}>
                Edit facility
              </Button>
            ) : null}
            {org.can("manager") ? (
              <Button asChild colorPalette="blue">
                <NextLink href={org.href(`/reservations/new?facilityId=${f.id}`)}>New reservation</NextLink>
              </Button>
            ) : null}
          </HStack>
        }
      />
      {f.managedBy ? (
        <Notice title={`Managed in ${f.managedBy}`}>
          {f.managedBy} is the source of truth for this facility: its name, address, phone, time zone, unit types,
          sizes, rates and unit statuses sync from there (Settings &gt; Integrations) and are read-only here. Hours,
          amenities, directions, fees, the knowledge base, &ldquo;what fits&rdquo;, promotions you add and the
          agent&apos;s settings stay yours to edit. Reservations made here are written back to {f.managedBy}.
        </Notice>
      ) : null}
      {editing ? (
        <FacilityForm
          facility={f}
          onSaved={() => setEditing(false)}
          onCancel={() => setEditing(false)}
          onDeleted={() => router.push(org.href("/facilities"))}
        />
      ) : (
        <FacilityInfo facility={f} />
      )}
      <UnitTypesTable facilityId={f.id} managedBy={f.managedBy} />
      {org.can("manager") && !f.managedBy ? <BulkUnitsForm facilityId={f.id} /> : null}
      <RatesEditor facilityId={f.id} managedBy={f.managedBy} />
      <FeesAndPlans facilityId={f.id} />
      <UnitsTable facilityId={f.id} managedBy={f.managedBy} />
      <DataLoaded />
    </Stack>
  );
}
