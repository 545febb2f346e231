"use client";

import { Badge, Box, Card, Flex, Heading, Stack, Text } from "@chakra-ui/react";

import { useOrg } from "@/components/dashboard/org-context";
import { money } from "@/components/inventory/format";
import { ErrorState, Loading, RefreshError } from "@/components/ui/states";
import { api } from "@/lib/trpc";

import { RefundPayment } from "./refund-payment";
import { SendPayLinkButton } from "./send-link-button";
import { Table } from "@/components/ui/table";

const STATUS_COLOR: Record<string, string> = {
  succeeded: "green",
  failed: "red",
  pending: "gray",
  refunded: "orange",
  partially_refunded: "orange",
  open: "blue",
  paid: "green",
  expired: "gray",
  cancelled: "gray",
};

/** Stripe's dispute statuses, as staff read them. */
const DISPUTE_LABEL: Record<string, string> = {
  warning_needs_response: "inquiry: respond in Stripe",
  warning_under_review: "inquiry under review",
  warning_closed: "inquiry closed",
  needs_response: "disputed: respond in Stripe",
  under_review: "dispute under review",
  won: "dispute won",
  lost: "dispute lost",
  prevented: "dispute prevented",
};

/** The customer's money: the balance from the ledger, payments, the ledger itself, and payment links. */
export function CustomerPayments({ customerId }: { customerId: string }) {
  const q = api.payments.customer.useQuery({ customerId });
  const org = useOrg();
  // Times in the organization's zone (src/lib/org-time.ts), as on every other page, never the browser's.
  const when = org.dateTime;
  const canRefund = org.can("admin");
  if (q.isLoading) return <Loading label="Loading payments" />;
  if (!q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const src = d.balanceSource;
  // The PMS keeps this tenant's balance: its figure (null when it has never been read).
  const owed = src.source === "pms" ? src.balanceCents : d.balance.balanceCents;
  return (
    <Card.Root>
      <Card.Body>
        <RefreshError error={q.error} onRetry={() => q.refetch()} />
        <Stack gap={4}>
          <Flex justify="space-between" align="flex-start" wrap="wrap" gap={3}>
            <Box>
              <Heading as="h2" size="md">
                Payments
              </Heading>
              <Text fontSize="lg" mt={1} data-testid="customer-balance">
                Balance: {owed === null ? "unknown" : money(owed)}
              </Text>
              {src.source === "pms" ? (
                <Text
                  fontSize="sm"
                  color={src.state === "fresh" ? "fg.muted" : "fg.warning"}
                  data-testid="balance-source"
                >
                  {src.state === "fresh" && src.asOf
                    ? `From ${src.provider}, read ${when(src.asOf)}.`
                    : src.asOf
                      ? `${src.provider} is not answering: last known balance, read ${when(src.asOf)}.`
                      : `${src.provider} keeps this balance and could not be reached; try again in a minute.`}
                </Text>
              ) : src.provider ? (
                <Text fontSize="sm" color="fg.muted" data-testid="balance-source">
                  {src.provider} does not know this customer&apos;s phone number: balance from this ledger.
                </Text>
              ) : null}
            </Box>
            {d.paymentsReady && owed !== null && owed > 0 ? (
              <SendPayLinkButton target={{ purpose: "balance", customerId }} label="Text a payment link" />
            ) : null}
          </Flex>
          <Box>
            <Text fontWeight="semibold" mb={2}>
              Payments received
            </Text>
            {d.payments.length === 0 ? <Text color="fg.muted">None yet.</Text> : null}
            <Stack as="ul" gap={1} aria-label="Payments">
              {d.payments.map((p) => (
                <Stack as="li" key={p.id} listStyleType="none" fontSize="sm" gap={1} data-testid="payment-row">
                  <Text>
                    {money(p.amountCents)} by {p.method} · {when(p.receivedAt)}{" "}
                    <Badge colorPalette={STATUS_COLOR[p.status] ?? "gray"}>{p.status.replace("_", " ")}</Badge>
                    {p.refundedCents ? ` · ${money(p.refundedCents)} refunded` : ""}
                    {p.failureMessage ? ` · ${p.failureMessage}` : ""}
                  </Text>
                  {p.dispute ? (
                    <Text data-testid="payment-dispute">
                      <Badge colorPalette={p.dispute.status === "won" ? "green" : "red"}>
                        {DISPUTE_LABEL[p.dispute.status] ?? p.dispute.status}
                      </Badge>{" "}
                      {money(p.dispute.amountCents)}
                      {p.dispute.reason ? ` · ${p.dispute.reason.replace(/_/g, " ")}` : ""}
                      {p.dispute.evidenceDueBy && !p.dispute.closedAt
                        ? ` · evidence due by ${when(p.dispute.evidenceDueBy)}`
                        : ""}
                    </Text>
                  ) : null}
                  {canRefund && !(p.dispute && !p.dispute.closedAt) ? <RefundPayment payment={p} /> : null}
                </Stack>
              ))}
            </Stack>
          </Box>
          {d.entries.length ? (
            <Box overflowX="auto">
              <Text fontWeight="semibold" mb={2}>
                Ledger
              </Text>
              <Table.Root aria-label="Ledger">
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeader>Date</Table.ColumnHeader>
                    <Table.ColumnHeader>Entry</Table.ColumnHeader>
                    <Table.ColumnHeader textAlign="end">Charge</Table.ColumnHeader>
                    <Table.ColumnHeader textAlign="end">Credit</Table.ColumnHeader>
                    <Table.ColumnHeader textAlign="end">Balance</Table.ColumnHeader>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {d.entries.map((e) => {
                    const up = e.kind === "charge" || e.kind === "refund";
                    return (
                      <Table.Row key={e.id}>
                        <Table.Cell>{org.date(e.effectiveAt)}</Table.Cell>
                        <Table.Cell>{e.description || e.category.replace("_", " ")}</Table.Cell>
                        <Table.Cell textAlign="end">{up ? money(e.amountCents) : ""}</Table.Cell>
                        <Table.Cell textAlign="end">{up ? "" : money(e.amountCents)}</Table.Cell>
                        <Table.Cell textAlign="end">{money(e.balanceAfterCents)}</Table.Cell>
                      </Table.Row>
                    );
                  })}
                </Table.Body>
              </Table.Root>
            </Box>
          ) : null}
          {d.links.length ? (
            <Box>
              <Text fontWeight="semibold" mb={2}>
                Payment links
              </Text>
              <Stack as="ul" gap={1} aria-label="Payment links">
                {d.links.map((l) => (
                  <Text as="li" key={l.id} listStyleType="none" fontSize="sm">
                    {l.purpose === "move_in" ? "Move-in" : "Balance"} {money(l.amountCents)}{" "}
                    <Badge colorPalette={STATUS_COLOR[l.status] ?? "gray"}>{l.status}</Badge>{" "}
                    {l.paidAt ? `paid ${when(l.paidAt)}` : `expires ${when(l.expiresAt)}`}
                  </Text>
                ))}
              </Stack>
            </Box>
          ) : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
