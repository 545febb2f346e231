"use client";

import { Button, Link, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState, type FormEvent } from "react";

import { AuthTitle, safeNext } from "@/components/auth/auth-frame";
import { FormError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { authClient, authErrorMessage } from "@/lib/auth-client";
import { createOrganizationWithUniqueSlug } from "@/lib/create-organization";

function SignUpForm() {
  const router = useRouter();
  const params = useSearchParams();
  const next = params.get("next");
  // Someone accepting an invitation joins an existing organization instead of creating one.
  const joining = Boolean(next?.startsWith("/accept-invitation/"));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password"));
    if (password.length < 10) return setError("Use at least 10 characters for your password.");
    setPending(true);
    setError(null);
    const { error: err } = await authClient.signUp.email({
      name: String(form.get("name")),
      email: String(form.get("email")),
      password,
    });
    if (err) {
      setPending(false);
      return setError(authErrorMessage(err, "Could not create your account."));
    }
    if (joining) {
      router.push(safeNext(next));
      return;
    }
    const result = await createOrganizationWithUniqueSlug(String(form.get("organization")));
    setPending(false);
    if ("error" in result) {
      // The account exists; finish on the onboarding page rather than losing the sign-up.
      router.push("/onboarding");
      return;
    }
    router.push(`/${result.slug}`);
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit}>
      <AuthTitle
        subtitle={
          joining
            ? "Create your account to accept the invitation."
            : "Start your free trial: your agent answers in minutes."
        }
      >
        Create your account
      </AuthTitle>
      <Stack gap={4}>
        <FormError message={error} />
        <TextField label="Your name" name="name" autoComplete="name" required />
        <TextField
          label="Work e-mail"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={joining ? (params.get("email") ?? undefined) : undefined}
          required
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          helper="At least 10 characters."
          required
        />
        {joining ? null : (
          <TextField
            label="Company name"
            name="organization"
            autoComplete="organization"
            minLength={2}
            helper="Your self-storage business, e.g. Sunny Self Storage."
            required
          />
        )}
        <Button type="submit" colorPalette="blue" loading={pending}>
          Create account
        </Button>
        <Text fontSize="sm">
          Already have an account?{" "}
          <Link asChild colorPalette="blue">
            <NextLink href={`/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`}>Sign in</NextLink>
          </Link>
        </Text>
      </Stack>
    </form>
  );
}

export default function SignUpPage() {
  return (
    <Suspense>
      <SignUpForm />
    </Suspense>
  );
}
