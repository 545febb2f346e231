"use client";

import { Stack } from "@chakra-ui/react";

import { TodayCards } from "@/components/analytics/today-cards";
import { InboxSummary } from "@/components/inbox/inbox-summary";
import { DataLoaded } from "@/components/ui/data-loaded";
import { PageHeader } from "@/components/ui/states";

import { useOrg } from "./org-context";
import { SetupChecklist } from "./setup-checklist";

export function Overview() {
  const org = useOrg();
  return (
    <Stack gap={6}>
      <PageHeader
        title={`Welcome, ${org.user.name.split(" ")[0]}`}
        description={`${org.name}: today so far, beside yesterday. More on the Analytics page.`}
      />
      <SetupChecklist />
      <TodayCards />
      <InboxSummary />
      <DataLoaded />
    </Stack>
  );
}
