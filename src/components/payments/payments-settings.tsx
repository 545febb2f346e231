"use client";

import { Badge, Button, Card, Code, Flex, HStack, Stack, Text } from "@chakra-ui/react";
import { useEffect, useRef, useState } from "react";

import { ErrorState, FormError, Loading, Notice, PageHeader, RefreshError } from "@/components/ui/states";
import { api } from "@/lib/trpc";

import { CollectionsSettings } from "./collections-settings";
import { PhonePaySettings } from "./phone-pay-settings";

const Flag = ({ on, yes, no }: { on: boolean; yes: string; no: string }) => (
  <Badge colorPalette={on ? "green" : "orange"}>{on ? yes : no}</Badge>
);

/** Settings > Payments: the organization's own Stripe account, where customers' payments go. */
export function PaymentsSettings() {
  const utils = api.useUtils();
  const status = api.payments.status.useQuery();
  const onDone = () => utils.payments.status.invalidate();
  const connect = api.payments.connect.useMutation({ onSuccess: ({ url }) => window.location.assign(url) });
  const refresh = api.payments.refresh.useMutation({ onSuccess: onDone });
  const disconnect = api.payments.disconnect.useMutation({ onSuccess: onDone });
  const [confirming, setConfirming] = useState(false);
  // Back from Stripe's onboarding: read the account's state at once rather than wait for the webhook.
  const refreshed = useRef(false);
  useEffect(() => {
    if (refreshed.current || typeof window === "undefined") return;
    if (new URLSearchParams(window.location.search).get("connect") === "return") {
      refreshed.current = true;
      refresh.mutate();
    }
  }, [refresh]);

  if (status.isLoading) return <Loading label="Loading payments" />;
  if (!status.data) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  const s = status.data;
  const a = s.account;
  const error = (connect.error ?? refresh.error ?? disconnect.error)?.message ?? null;
  return (
    <Stack gap={6}>
      <RefreshError error={status.error} onRetry={() => status.refetch()} />
      <PageHeader
        title="Payments"
        description="Customers pay move-in costs and balances by a secure link, into your own Stripe account."
      />
      <FormError message={error} />
      {!s.configured ? (
        <Notice status="warning" title="Card payments are not configured on this server">
          Missing: {s.missing.join(", ")}. Until they are set, the agent keeps sending the payment page link from your
          knowledge base (an entry tagged payment_link), and staff record payments by hand.
        </Notice>
      ) : null}
      <Card.Root>
        <Card.Body>
          <Stack gap={3}>
            <Text fontWeight="semibold">Stripe account</Text>
            {a ? (
              <>
                <Text>
                  {a.displayName ?? "Connected account"} <Code>{a.stripeAccountId}</Code>
                </Text>
                <HStack gap={2} wrap="wrap">
                  <Flag on={a.detailsSubmitted} yes="Details submitted" no="Details due" />
                  <Flag on={a.chargesEnabled} yes="Charges enabled" no="Charges disabled" />
                  <Flag on={a.payoutsEnabled} yes="Payouts enabled" no="Payouts disabled" />
                </HStack>
                {a.requirementsDue.length ? (
                  <Text fontSize="sm">Stripe still needs: {a.requirementsDue.join(", ").replace(/_/g, " ")}.</Text>
                ) : null}
                {s.ready ? (
                  <Text fontSize="sm" color="fg.muted">
                    Ready: staff and the agent can text payment links; payments land in this account.
                  </Text>
                ) : null}
                <Flex gap={3} wrap="wrap">
                  {!a.chargesEnabled || !a.detailsSubmitted ? (
                    <Button colorPalette="blue" loading={connect.isPending} onClick={() => connect.mutate()}>
                      Continue Stripe onboarding
                    </Button>
                  ) : null}
                  <Button variant="outline" loading={refresh.isPending} onClick={() => refresh.mutate()}>
                    Refresh status
                  </Button>
                  <Button variant="outline" colorPalette="red" onClick={() => setConfirming((v) => !v)}>
                    Disconnect
                  </Button>
                </Flex>
                {confirming ? (
                  <Notice status="warning" title="Disconnect this Stripe account?">
                    Open payment links stop working. The account stays yours in Stripe.{" "}
                    <Button
                      size="xs"
                      colorPalette="red"
                      loading={disconnect.isPending}
                      onClick={() => disconnect.mutate(undefined, { onSuccess: () => setConfirming(false) })}
                    >
                      Confirm disconnect
                    </Button>
                  </Notice>
                ) : null}
              </>
            ) : (
              <>
                <Text fontSize="sm" color="fg.muted">
                  Connect your business&apos;s Stripe account (new or existing). Payments go straight to it; refunds and
                  disputes are yours to manage there too.
                </Text>
                <Button
                  colorPalette="blue"
                  alignSelf="flex-start"
                  disabled={!s.configured}
                  loading={connect.isPending}
                  onClick={() => connect.mutate()}
                >
                  Connect Stripe
                </Button>
              </>
            )}
            <Text fontSize="sm" color="fg.muted">
              {s.paymentFeeBps > 0
                ? `Your plan includes a platform fee of ${(s.paymentFeeBps / 100).toFixed(2)}% per payment, taken by Stripe from the payout.`
                : "Your plan has no platform fee on payments."}
            </Text>
          </Stack>
        </Card.Body>
      </Card.Root>
      <PhonePaySettings />
      <CollectionsSettings />
    </Stack>
  );
}
