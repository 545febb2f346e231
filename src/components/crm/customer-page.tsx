"use client";

import { Badge, Box, Card, Heading, Link, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";

import { useOrg } from "@/components/dashboard/org-context";
import { money, STATUS_COLOR } from "@/components/inventory/format";
import { FollowUpsPanel } from "@/components/leads/follow-ups-panel";
import { CustomerText } from "@/components/replies/reply-panel";
import { CustomerPayments } from "@/components/payments/customer-payments";
import { ErrorState, Loading, PageHeader } from "@/components/ui/states";
import { api } from "@/lib/trpc";

/** A customer: contact details, lead, reservations, rentals, and everything done on their behalf. */
export function CustomerPage({ id }: { id: string }) {
  const org = useOrg();
  const q = api.customers.get.useQuery({ customerId: id });
  if (q.isLoading) return <Loading label="Loading customer" />;
  if (q.error || !q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  return (
    <Stack gap={6}>
      <PageHeader
        title={c.name || c.phone || c.email || "Customer"}
        description={[c.phone, c.email].filter(Boolean).join(" · ")}
      />
      <SimpleGrid columns={{ base: 1, lg: 3 }} gap={6} alignItems="start">
        <Card.Root>
          <Card.Body>
            <Heading as="h2" size="md" mb={3}>
              Lead
            </Heading>
            {c.lead ? (
              <Stack gap={1} fontSize="sm">
                <Text>
                  Status: <Badge colorPalette={STATUS_COLOR[c.lead.status]}>{c.lead.status.replace("_", " ")}</Badge>
                </Text>
                <Text>Source: {c.lead.source.replace("_", " ")}</Text>
                {c.lead.lostReason ? <Text>Lost because: {c.lead.lostReason}</Text> : null}
                {c.lead.desiredWidthFt && c.lead.desiredLengthFt ? (
                  <Text>
                    Wants: {c.lead.desiredWidthFt}×{c.lead.desiredLengthFt}
                  </Text>
                ) : null}
                {c.lead.desiredMoveInDate ? <Text>Move-in: {c.lead.desiredMoveInDate}</Text> : null}
                {c.lead.notes ? <Text whiteSpace="pre-wrap">Notes: {c.lead.notes}</Text> : null}
              </Stack>
            ) : (
              <Text color="fg.muted">No lead.</Text>
            )}
          </Card.Body>
        </Card.Root>
        <Card.Root>
          <Card.Body>
            <Heading as="h2" size="md" mb={3}>
              Reservations
            </Heading>
            {c.reservations.length === 0 ? <Text color="fg.muted">None.</Text> : null}
            <Stack gap={2}>
              {c.reservations.map((r) => (
                <Text key={r.id} fontSize="sm">
                  <Link asChild colorPalette="blue" fontFamily="mono">
                    <NextLink href={org.href(`/reservations/${r.id}`)}>{r.confirmationCode}</NextLink>
                  </Link>{" "}
                  <Badge colorPalette={STATUS_COLOR[r.status]}>{r.status}</Badge> move-in {r.moveInDate}
                </Text>
              ))}
            </Stack>
          </Card.Body>
        </Card.Root>
        <Card.Root>
          <Card.Body>
            <Heading as="h2" size="md" mb={3}>
              Rentals
            </Heading>
            {c.rentals.length === 0 ? <Text color="fg.muted">None.</Text> : null}
            <Stack gap={2}>
              {c.rentals.map((r) => (
                <Text key={r.id} fontSize="sm">
                  From {r.startDate} · {money(r.monthlyRateCents)}/month · balance {money(r.balanceCents)}
                  {r.movedOutAt ? (
                    ` · moved out ${new Date(r.movedOutAt).toLocaleDateString()}`
                  ) : (
                    <Badge ml={1} colorPalette="green">
                      current
                    </Badge>
                  )}
                </Text>
              ))}
            </Stack>
          </Card.Body>
        </Card.Root>
      </SimpleGrid>
      <CustomerText customerId={c.id} phone={c.phone} />
      <CustomerPayments customerId={c.id} />
      {c.lead ? <FollowUpsPanel leadId={c.lead.id} /> : null}
      <Box>
        <Heading as="h2" size="md" mb={3}>
          Timeline
        </Heading>
        {c.timeline.length === 0 ? <Text color="fg.muted">Nothing yet.</Text> : null}
        <Stack as="ol" gap={0} borderStartWidth="2px" ps={4} aria-label="Timeline">
          {c.timeline.map((t) => (
            <Box as="li" key={t.id} listStyleType="none" py={2}>
              <Text fontSize="sm" fontWeight="medium">
                {t.action.replace(/[._]/g, " ")}
              </Text>
              <Text fontSize="xs" color="fg.muted">
                {new Date(t.createdAt).toLocaleString()} · {t.actorLabel ?? "system"}
              </Text>
            </Box>
          ))}
        </Stack>
      </Box>
    </Stack>
  );
}
