"use client";

import { Button, Link, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState, type FormEvent } from "react";

import { AuthTitle, safeNext } from "@/components/auth/auth-frame";
import { FormError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { authClient, authErrorMessage } from "@/lib/auth-client";

function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNext(params.get("next"));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const { data, error: err } = await authClient.signIn.email({
      email: String(form.get("email")),
      password: String(form.get("password")),
    });
    setPending(false);
    if (err) return setError(authErrorMessage(err, "Wrong e-mail or password."));
    if (data && "twoFactorRedirect" in data && data.twoFactorRedirect) return; // the client plugin redirects
    router.push(next);
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit} noValidate={false}>
      <AuthTitle subtitle="Welcome back.">Sign in</AuthTitle>
      <Stack gap={4}>
        <FormError message={error} />
        <TextField label="E-mail" name="email" type="email" autoComplete="email" required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" colorPalette="blue" loading={pending}>
          Sign in
        </Button>
        <Text fontSize="sm">
          <Link asChild colorPalette="blue">
            <NextLink href="/forgot-password">Forgot your password?</NextLink>
          </Link>
        </Text>
        <Text fontSize="sm">
          New here?{" "}
          <Link asChild colorPalette="blue">
            <NextLink href={`/sign-up${params.get("next") ? `?next=${encodeURIComponent(next)}` : ""}`}>
              Create an account
            </NextLink>
          </Link>
        </Text>
      </Stack>
    </form>
  );
}

export default function SignInPage() {
  return (
    <Suspense>
      <SignInForm />
    </Suspense>
  );
}
