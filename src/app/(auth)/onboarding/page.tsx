"use client";

import { Button, Stack } from "@chakra-ui/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { AuthTitle } from "@/components/auth/auth-frame";
import { FormError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { createOrganizationWithUniqueSlug } from "@/lib/create-organization";

export default function OnboardingPage() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const result = await createOrganizationWithUniqueSlug(String(new FormData(e.currentTarget).get("organization")));
    setPending(false);
    if ("error" in result) return setError(result.error);
    router.push(`/${result.slug}`);
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit}>
      <AuthTitle subtitle="Your organization holds your facilities, numbers, team and billing.">
        Create your organization
      </AuthTitle>
      <Stack gap={4}>
        <FormError message={error} />
        <TextField label="Company name" name="organization" minLength={2} required />
        <Button type="submit" colorPalette="blue" loading={pending}>
          Create organization
        </Button>
      </Stack>
    </form>
  );
}
