"use client";

import { Stack } from "@chakra-ui/react";

import { ComingSoon, PageHeader } from "@/components/ui/states";

export function PlaceholderPage({ title, description, soon }: { title: string; description: string; soon: string }) {
  return (
    <Stack gap={6}>
      <PageHeader title={title} description={description} />
      <ComingSoon title="Being built">{soon}</ComingSoon>
    </Stack>
  );
}
