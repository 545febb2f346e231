"use client";

import { Button, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useState } from "react";

import { AuthTitle } from "@/components/auth/auth-frame";
import { ErrorState, FormError, Loading } from "@/components/ui/states";
import { authClient, authErrorMessage } from "@/lib/auth-client";
import { api } from "@/lib/trpc";

export default function AcceptInvitationPage() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const preview = api.organization.invitationPreview.useQuery({ invitationId: id }, { retry: false });
  const session = authClient.useSession();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  if (preview.isLoading || session.isPending) return <Loading label="Opening invitation" />;
  if (preview.error) return <ErrorState error={preview.error} />;
  const invite = preview.data!;
  const here = `/accept-invitation/${id}`;
  const signedInAs = session.data?.user.email;

  async function accept() {
    setPending(true);
    setError(null);
    const { data, error: err } = await authClient.organization.acceptInvitation({ invitationId: id });
    if (err || !data) {
      setPending(false);
      return setError(authErrorMessage(err, "Could not accept the invitation."));
    }
    await authClient.organization.setActive({ organizationId: data.invitation.organizationId });
    router.push("/app");
    router.refresh();
  }

  return (
    <Stack gap={4}>
      <AuthTitle subtitle={`${invite.inviterName} invited ${invite.email} to join as ${invite.role ?? "staff"}.`}>
        Join {invite.organizationName}
      </AuthTitle>
      <FormError message={error} />
      {signedInAs ? (
        signedInAs.toLowerCase() === invite.email.toLowerCase() ? (
          <Button colorPalette="blue" onClick={accept} loading={pending}>
            Accept invitation
          </Button>
        ) : (
          <Text>
            You are signed in as {signedInAs}, but this invitation is for {invite.email}. Sign out and sign in with that
            address.
          </Text>
        )
      ) : (
        <>
          <Button asChild colorPalette="blue">
            <NextLink href={`/sign-up?next=${encodeURIComponent(here)}&email=${encodeURIComponent(invite.email)}`}>
              Create an account for {invite.email}
            </NextLink>
          </Button>
          <Button asChild variant="outline">
            <NextLink href={`/sign-in?next=${encodeURIComponent(here)}`}>I already have an account</NextLink>
          </Button>
        </>
      )}
    </Stack>
  );
}
