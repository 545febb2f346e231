"use client";

import { Button, Link, Stack } from "@chakra-ui/react";
import NextLink from "next/link";
import { useSearchParams } from "next/navigation";
import { Suspense, useState, type FormEvent } from "react";

import { AuthTitle } from "@/components/auth/auth-frame";
import { FormError, Notice } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { authClient, authErrorMessage } from "@/lib/auth-client";

function ResetForm() {
  const params = useSearchParams();
  const token = params.get("token");
  // Better Auth sends an unknown, used or expired link here with ?error= instead of a token.
  const linkRefused = Boolean(params.get("error")) || !token;
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password"));
    if (password !== String(form.get("confirm"))) return setError("The two passwords differ.");
    if (!token) return;
    setPending(true);
    const { error: err } = await authClient.resetPassword({ newPassword: password, token });
    setPending(false);
    if (err) return setError(authErrorMessage(err, "This reset link is invalid or has expired."));
    setDone(true);
  }

  if (done) {
    return (
      <Stack gap={4}>
        <AuthTitle>Password changed</AuthTitle>
        <Notice status="success" title="You can sign in with your new password.">
          Other sessions were signed out.
        </Notice>
        <Button asChild colorPalette="blue">
          <NextLink href="/sign-in">Sign in</NextLink>
        </Button>
      </Stack>
    );
  }
  if (linkRefused) {
    return (
      <Stack gap={4}>
        <AuthTitle>Choose a new password</AuthTitle>
        <Notice status="warning" title="This reset link is invalid or has expired.">
          Each link works once, for an hour. Request a new one and use the latest e-mail.
        </Notice>
        <Button asChild colorPalette="blue">
          <NextLink href="/forgot-password">Request a new link</NextLink>
        </Button>
      </Stack>
    );
  }
  return (
    <form method="post" onSubmit={onSubmit}>
      <AuthTitle>Choose a new password</AuthTitle>
      <Stack gap={4}>
        <FormError message={error} />
        <TextField
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
        />
        <TextField
          label="Repeat it"
          name="confirm"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
        />
        <Button type="submit" colorPalette="blue" loading={pending}>
          Change password
        </Button>
        <Link asChild colorPalette="blue" fontSize="sm">
          <NextLink href="/forgot-password">Request a new link</NextLink>
        </Link>
      </Stack>
    </form>
  );
}

export default function ResetPasswordPage() {
  return (
    <Suspense>
      <ResetForm />
    </Suspense>
  );
}
