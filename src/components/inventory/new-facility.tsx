"use client";

import { Link, Stack } from "@chakra-ui/react";
import NextLink from "next/link";
import { useRouter } from "next/navigation";

import { useOrg } from "@/components/dashboard/org-context";
import { Notice, PageHeader } from "@/components/ui/states";

import { FacilityForm } from "./facility-form";

export function NewFacility() {
  const org = useOrg();
  const router = useRouter();
  return (
    <Stack gap={6}>
      <Link asChild fontSize="sm" colorPalette="blue">
        <NextLink href={org.href("/facilities")}>← All facilities</NextLink>
      </Link>
      <PageHeader
        title="New facility"
        description="Add a location; unit types, units and rates come next on its page."
      />
      {org.can("manager") ? (
        <FacilityForm
          onSaved={(f) => router.push(org.href(`/facilities/${f.id}`))}
          onCancel={() => router.push(org.href("/facilities"))}
        />
      ) : (
        <Notice title="Managers and above add facilities." />
      )}
    </Stack>
  );
}
