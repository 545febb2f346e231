"use client";

import { Button, Card, Stack, Text } from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { FormError, Notice } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { authClient, authErrorMessage } from "@/lib/auth-client";

export function PasswordSettings() {
  const org = useOrg();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setError(null);
    setNotice(null);
    setPending(true);
    const { error: err } = await authClient.changePassword({
      currentPassword: String(data.get("current")),
      newPassword: String(data.get("new")),
      revokeOtherSessions: true,
    });
    setPending(false);
    if (err) return setError(authErrorMessage(err, "Could not change the password."));
    form.reset();
    setNotice("Password changed. Other sessions were signed out.");
  }

  async function resend() {
    const { error: err } = await authClient.sendVerificationEmail({ email: org.user.email, callbackURL: "/app" });
    if (err) setError(authErrorMessage(err));
    else setNotice(`Verification e-mail sent to ${org.user.email}.`);
  }

  return (
    <Card.Root>
      <Card.Header>
        <Text fontWeight="semibold">Password and e-mail</Text>
      </Card.Header>
      <Card.Body>
        <form onSubmit={onSubmit}>
          <Stack gap={3} maxW="md">
            <FormError message={error} />
            {notice ? <Notice status="success" title={notice} /> : null}
            {org.user.emailVerified ? null : (
              <Notice status="warning" title={`${org.user.email} is not verified yet.`}>
                <Button size="xs" variant="outline" onClick={resend}>
                  Send the link again
                </Button>
              </Notice>
            )}
            <TextField
              label="Current password"
              name="current"
              type="password"
              autoComplete="current-password"
              required
            />
            <TextField
              label="New password"
              name="new"
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
            />
            <Button type="submit" alignSelf="flex-start" loading={pending}>
              Change password
            </Button>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}
