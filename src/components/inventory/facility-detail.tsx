"use client";

import { Badge, Button, HStack, Link, Stack } from "@chakra-ui/react";
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { DataLoaded } from "@/components/ui/data-loaded";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
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
  if (facility.error || !facility.data) return <ErrorState error={facility.error} onRetry={() => facility.refetch()} />;
  const f = facility.data;
  return (
    <Stack gap={8}>
      <Link asChild fontSize="sm" colorPalette="blue">
        <NextLink href={org.href("/facilities")}>← All facilities</NextLink>
      </Link>
      <PageHeader
        title={f.name}
        description={[f.city, f.state].filter(Boolean).join(", ")}
        actions={
          <HStack>
            {f.active ? <Badge colorPalette="green">active</Badge> : <Badge>inactive</Badge>}
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
      <UnitTypesTable facilityId={f.id} />
      {org.can("manager") ? <BulkUnitsForm facilityId={f.id} /> : null}
      <RatesEditor facilityId={f.id} />
      <FeesAndPlans facilityId={f.id} />
      <UnitsTable facilityId={f.id} />
      <DataLoaded />
    </Stack>
  );
}
