"use client";

import { Badge, Box, Button, Card, Code, HStack, QrCode, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { FormError, Notice } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { authClient, authErrorMessage } from "@/lib/auth-client";

type Step = { kind: "idle" } | { kind: "enroll"; totpURI: string; backupCodes: string[] } | { kind: "done" };

function secretOf(uri: string) {
  try {
    return new URL(uri).searchParams.get("secret") ?? "";
  } catch {
    return "";
  }
}

export function TwoFactorSettings() {
  const org = useOrg();
  const router = useRouter();
  const [enabled, setEnabled] = useState(org.user.twoFactorEnabled);
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  async function start(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setPending(true);
    const password = String(new FormData(e.currentTarget).get("password"));
    const { data, error: err } = await authClient.twoFactor.enable({ password });
    setPending(false);
    if (err || !data) return setError(authErrorMessage(err, "Wrong password."));
    if (!("totpURI" in data)) return setError("Authenticator-app setup is not available.");
    setStep({ kind: "enroll", totpURI: data.totpURI, backupCodes: data.backupCodes });
  }

  async function confirmCode(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setPending(true);
    const code = String(new FormData(e.currentTarget).get("code")).replace(/\s+/g, "");
    const { error: err } = await authClient.twoFactor.verifyTotp({ code });
    setPending(false);
    if (err)
      return setError(
        authErrorMessage(err, "That code did not match. Check your device's clock and try the newest code."),
      );
    setEnabled(true);
    setStep({ kind: "done" });
    router.refresh();
  }

  async function disable(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setPending(true);
    const password = String(new FormData(e.currentTarget).get("password"));
    const { error: err } = await authClient.twoFactor.disable({ password });
    setPending(false);
    if (err) return setError(authErrorMessage(err, "Wrong password."));
    setEnabled(false);
    setStep({ kind: "idle" });
    router.refresh();
  }

  async function regenerate() {
    const password = prompt("Your password, to create new backup codes:");
    if (!password) return;
    const { data, error: err } = await authClient.twoFactor.generateBackupCodes({ password });
    if (err || !data) return setError(authErrorMessage(err, "Wrong password."));
    setCodes(data.backupCodes);
  }

  return (
    <Card.Root>
      <Card.Header>
        <HStack justify="space-between">
          <Text fontWeight="semibold">Two-factor authentication</Text>
          {enabled ? <Badge colorPalette="green">On</Badge> : <Badge>Off</Badge>}
        </HStack>
      </Card.Header>
      <Card.Body>
        <Stack gap={4}>
          <FormError message={error} />
          {step.kind === "enroll" ? (
            <Stack gap={4}>
              <Text>
                Scan this code with an authenticator app (1Password, Google Authenticator, Authy), then enter the
                6-digit code it shows.
              </Text>
              <HStack align="flex-start" gap={6} flexWrap="wrap">
                <QrCode.Root value={step.totpURI} size="lg" aria-label="QR code for your authenticator app">
                  <QrCode.Frame>
                    <QrCode.Pattern />
                  </QrCode.Frame>
                </QrCode.Root>
                <Box>
                  <Text fontSize="sm" color="fg.muted">
                    Can&apos;t scan? Enter this key:
                  </Text>
                  <Code data-testid="totp-secret" wordBreak="break-all">
                    {secretOf(step.totpURI)}
                  </Code>
                </Box>
              </HStack>
              <Box>
                <Text fontWeight="medium">Backup codes</Text>
                <Text fontSize="sm" color="fg.muted" mb={2}>
                  Each works once if you lose your device. Store them somewhere safe now: they are not shown again.
                </Text>
                <SimpleGrid columns={{ base: 2, md: 5 }} gap={2} data-testid="backup-codes">
                  {step.backupCodes.map((c) => (
                    <Code key={c}>{c}</Code>
                  ))}
                </SimpleGrid>
              </Box>
              <form onSubmit={confirmCode}>
                <HStack align="flex-end">
                  <TextField
                    label="Code from your app"
                    name="code"
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    required
                  />
                  <Button type="submit" colorPalette="blue" loading={pending}>
                    Turn on
                  </Button>
                </HStack>
              </form>
            </Stack>
          ) : enabled ? (
            <Stack gap={3}>
              {step.kind === "done" ? <Notice status="success" title="Two-factor authentication is on." /> : null}
              <Text>Signing in asks for a code from your authenticator app.</Text>
              {codes ? (
                <SimpleGrid columns={{ base: 2, md: 5 }} gap={2}>
                  {codes.map((c) => (
                    <Code key={c}>{c}</Code>
                  ))}
                </SimpleGrid>
              ) : null}
              <HStack>
                <Button variant="outline" size="sm" onClick={regenerate}>
                  New backup codes
                </Button>
              </HStack>
              <form onSubmit={disable}>
                <HStack align="flex-end">
                  <TextField
                    label="Password to turn it off"
                    name="password"
                    type="password"
                    autoComplete="current-password"
                    required
                  />
                  <Button type="submit" variant="outline" colorPalette="red" loading={pending}>
                    Turn off
                  </Button>
                </HStack>
              </form>
            </Stack>
          ) : (
            <form onSubmit={start}>
              <Stack gap={3}>
                <Text>Protect your account with a code from an authenticator app at sign-in.</Text>
                <HStack align="flex-end">
                  <TextField
                    label="Your password"
                    name="password"
                    type="password"
                    autoComplete="current-password"
                    required
                  />
                  <Button type="submit" colorPalette="blue" loading={pending}>
                    Set up
                  </Button>
                </HStack>
              </Stack>
            </form>
          )}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
