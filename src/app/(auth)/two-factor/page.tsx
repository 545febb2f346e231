"use client";

import { Button, Checkbox, Link, Stack } from "@chakra-ui/react";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState, type FormEvent } from "react";

import { AuthTitle, safeNext } from "@/components/auth/auth-frame";
import { FormError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { authClient, authErrorMessage } from "@/lib/auth-client";

function TwoFactorForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [useBackup, setUseBackup] = useState(false);
  const [trustDevice, setTrustDevice] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code")).replace(/\s+/g, "");
    setPending(true);
    setError(null);
    const { error: err } = useBackup
      ? await authClient.twoFactor.verifyBackupCode({ code, trustDevice })
      : await authClient.twoFactor.verifyTotp({ code, trustDevice });
    setPending(false);
    if (err) return setError(authErrorMessage(err, "That code did not work. Try the newest one."));
    router.push(safeNext(params.get("next")));
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit}>
      <AuthTitle
        subtitle={
          useBackup ? "Enter one of the backup codes you saved." : "Enter the 6-digit code from your authenticator app."
        }
      >
        Two-factor check
      </AuthTitle>
      <Stack gap={4}>
        <FormError message={error} />
        <TextField
          key={useBackup ? "backup" : "totp"}
          label={useBackup ? "Backup code" : "Authentication code"}
          name="code"
          autoComplete="one-time-code"
          inputMode={useBackup ? "text" : "numeric"}
          autoFocus
          required
        />
        <Checkbox.Root checked={trustDevice} onCheckedChange={(d) => setTrustDevice(Boolean(d.checked))}>
          <Checkbox.HiddenInput />
          <Checkbox.Control />
          <Checkbox.Label>Trust this device for 30 days</Checkbox.Label>
        </Checkbox.Root>
        <Button type="submit" colorPalette="blue" loading={pending}>
          Verify
        </Button>
        <Link as="button" colorPalette="blue" fontSize="sm" onClick={() => setUseBackup((v) => !v)}>
          {useBackup ? "Use the authenticator app instead" : "Use a backup code instead"}
        </Link>
      </Stack>
    </form>
  );
}

export default function TwoFactorPage() {
  return (
    <Suspense>
      <TwoFactorForm />
    </Suspense>
  );
}
