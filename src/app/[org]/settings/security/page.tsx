"use client";

import { Stack } from "@chakra-ui/react";

import { PasswordSettings } from "@/components/settings/password-settings";
import { SessionsSettings } from "@/components/settings/sessions-settings";
import { TwoFactorSettings } from "@/components/settings/two-factor-settings";
import { PageHeader } from "@/components/ui/states";

export default function SecurityPage() {
  return (
    <Stack gap={6}>
      <PageHeader title="Security" description="Your sign-in: password, two-factor authentication and sessions." />
      <TwoFactorSettings />
      <PasswordSettings />
      <SessionsSettings />
    </Stack>
  );
}
