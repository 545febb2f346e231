"use client";

import { Button, Link, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useState, type FormEvent } from "react";

import { AuthTitle } from "@/components/auth/auth-frame";
import { FormError, Notice } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { authClient, authErrorMessage } from "@/lib/auth-client";

/** `localOutbox`: no SMTP and not production, so the mail waits in the local outbox page (/outbox). */
export function ForgotPasswordForm({ localOutbox }: { localOutbox: boolean }) {
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setError(null);
    const email = String(new FormData(e.currentTarget).get("email"));
    const { error: err } = await authClient.requestPasswordReset({ email, redirectTo: "/reset-password" });
    setPending(false);
    if (err) return setError(authErrorMessage(err));
    setSent(true);
  }

  return (
    <form method="post" onSubmit={onSubmit}>
      <AuthTitle subtitle="We'll e-mail you a link to choose a new password.">Reset your password</AuthTitle>
      <Stack gap={4}>
        {sent ? (
          <Notice status="success" title="Check your e-mail">
            If an account exists for that address, a reset link is on its way.
            {localOutbox ? (
              <>
                {" "}
                No SMTP server is configured: open the{" "}
                <Link asChild colorPalette="blue">
                  <NextLink href="/outbox">local outbox</NextLink>
                </Link>
                .
              </>
            ) : null}
          </Notice>
        ) : null}
        <FormError message={error} />
        <TextField label="E-mail" name="email" type="email" autoComplete="email" required />
        <Button type="submit" colorPalette="blue" loading={pending}>
          Send reset link
        </Button>
        <Text fontSize="sm">
          <Link asChild colorPalette="blue">
            <NextLink href="/sign-in">Back to sign in</NextLink>
          </Link>
        </Text>
      </Stack>
    </form>
  );
}
