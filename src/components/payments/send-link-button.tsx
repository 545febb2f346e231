"use client";

import { Button, Stack, Text } from "@chakra-ui/react";

import { money } from "@/components/inventory/format";
import { FormError } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import { When } from "@/components/ui/when";

type Target = { purpose: "move_in"; reservationId: string } | { purpose: "balance"; customerId: string };

/** Texts the customer a secure payment link (Stripe Checkout on the organization's account). */
export function SendPayLinkButton({ target, label }: { target: Target; label: string }) {
  const utils = api.useUtils();
  const send = api.payments.sendLink.useMutation({ onSuccess: () => utils.payments.customer.invalidate() });
  return (
    <Stack gap={2} align="flex-start">
      <Button colorPalette="green" variant="outline" loading={send.isPending} onClick={() => send.mutate(target)}>
        {label}
      </Button>
      <FormError message={send.error?.message ?? null} />
      {send.data ? (
        <Text fontSize="sm" role="status">
          {send.data.sent
            ? `Payment link for ${money(send.data.amountCents)} ${send.data.sent.channel === "sms" ? "texted" : "e-mailed"} to ${send.data.sent.to}.`
            : `Payment link for ${money(send.data.amountCents)} made.`}{" "}
          It expires <When at={send.data.expiresAt} />.
        </Text>
      ) : null}
    </Stack>
  );
}
