"use client";

import { Badge, Button, Card, Code, Flex, HStack, Link, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { STATUS_COLOR } from "@/components/inventory/format";
import { ErrorState, FormError, Loading, Notice, PageHeader, RefreshError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";
import { SendPayLinkButton } from "@/components/payments/send-link-button";

import { asQuoteView, QuoteLines } from "./quote-lines";
import { When } from "@/components/ui/when";

export function ReservationDetail({ id }: { id: string }) {
  const org = useOrg();
  const utils = api.useUtils();
  const res = api.reservations.get.useQuery({ id });
  const [cancelling, setCancelling] = useState(false);
  const [gateCode, setGateCode] = useState<string | null>(null);
  const refresh = async () => {
    await utils.reservations.invalidate();
    await utils.inventory.invalidate();
  };
  const cancel = api.reservations.cancel.useMutation({
    onSuccess: async () => {
      setCancelling(false);
      await refresh();
    },
  });
  const payments = api.payments.status.useQuery();
  const moveIn = api.reservations.moveIn.useMutation({
    onSuccess: async (d) => {
      setGateCode(d.gateCode);
      await refresh();
    },
  });

  if (res.isLoading) return <Loading label="Loading reservation" />;
  if (!res.data) return <ErrorState error={res.error} onRetry={() => res.refetch()} />;
  const { reservation: r, customer: c } = res.data;
  const quote = asQuoteView(r.quote);
  const open = r.status === "active" && !res.data.lapsed;
  const manage = org.can("manager");

  function onCancel(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get("reason") ?? "").trim();
    cancel.mutate({ reservationId: r.id, reason: reason || null });
  }

  return (
    <Stack gap={6}>
      <RefreshError error={res.error} onRetry={() => res.refetch()} />
      <Link asChild fontSize="sm" colorPalette="blue">
        <NextLink href={org.href("/reservations")}>← All reservations</NextLink>
      </Link>
      <PageHeader
        title={`Reservation ${r.confirmationCode}`}
        description={`${res.data.facilityName} · unit ${res.data.unitNumber} (${res.data.unitTypeName})`}
        actions={
          <HStack>
            <Badge size="lg" colorPalette={STATUS_COLOR[r.status]} data-testid="reservation-status">
              {r.status}
            </Badge>
            {res.data.lapsed ? (
              <Badge size="lg" colorPalette="red">
                hold lapsed
              </Badge>
            ) : null}
          </HStack>
        }
      />
      {gateCode ? (
        <Notice status="success" title="Moved in.">
          Gate code (shown once, hand it to the tenant): <Code fontSize="lg">{gateCode}</Code>
        </Notice>
      ) : null}
      <FormError message={(cancel.error ?? moveIn.error)?.message ?? null} />
      <SimpleGrid columns={{ base: 1, lg: 2 }} gap={6} alignItems="start">
        <Card.Root>
          <Card.Body>
            <Stack gap={2}>
              <Text>
                Confirmation code:{" "}
                <Code fontSize="lg" data-testid="confirmation-code">
                  {r.confirmationCode}
                </Code>
              </Text>
              <Text>Move-in date: {r.moveInDate}</Text>
              {r.status === "active" ? (
                <Text>
                  Hold expires: <When at={r.holdExpiresAt} />
                </Text>
              ) : null}
              {r.status === "cancelled" ? (
                <Text>
                  Cancelled <When at={r.updatedAt} />
                  {r.cancelledReason ? `: ${r.cancelledReason}` : ""}
                </Text>
              ) : null}
              <Text>Channel: {r.channel.replace("_", " ")}</Text>
              <Text>
                Customer:{" "}
                <Link asChild colorPalette="blue">
                  <NextLink href={org.href(`/customers/${c.id}`)}>{c.name || c.phone || c.email || "unnamed"}</NextLink>
                </Link>
              </Text>
              {c.phone ? <Text>Phone: {c.phone}</Text> : null}
              {c.email ? <Text>E-mail: {c.email}</Text> : null}
            </Stack>
          </Card.Body>
        </Card.Root>
        <Card.Root>
          <Card.Body>
            <Text fontWeight="semibold" mb={3}>
              Quoted at booking
            </Text>
            {quote ? <QuoteLines quote={quote} title="Quote lines" /> : <Text color="fg.muted">No quote stored.</Text>}
          </Card.Body>
        </Card.Root>
      </SimpleGrid>
      {open && payments.data?.ready ? (
        <Card.Root>
          <Card.Body>
            <SendPayLinkButton target={{ purpose: "move_in", reservationId: r.id }} label="Text move-in payment link" />
          </Card.Body>
        </Card.Root>
      ) : null}
      {manage && open ? (
        <Card.Root>
          <Card.Body>
            <Stack gap={4}>
              <Flex gap={3} wrap="wrap">
                <Button
                  colorPalette="blue"
                  loading={moveIn.isPending}
                  onClick={() => moveIn.mutate({ reservationId: r.id })}
                >
                  Move in
                </Button>
                <Button
                  variant="outline"
                  colorPalette="red"
                  onClick={() => setCancelling((v) => !v)}
                  aria-expanded={cancelling}
                >
                  Cancel reservation
                </Button>
              </Flex>
              {cancelling ? (
                <form onSubmit={onCancel} aria-label="Cancel reservation">
                  <Flex gap={3} direction={{ base: "column", md: "row" }} align={{ md: "flex-end" }}>
                    <TextField label="Cancellation reason" name="reason" />
                    <Button type="submit" colorPalette="red" loading={cancel.isPending}>
                      Confirm cancellation
                    </Button>
                  </Flex>
                </form>
              ) : null}
            </Stack>
          </Card.Body>
        </Card.Root>
      ) : null}
    </Stack>
  );
}
