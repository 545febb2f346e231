"use client";

import { Badge, Box, Button, Card, Heading, HStack, Link, SimpleGrid, Stack, Text, Textarea } from "@chakra-ui/react";
import NextLink from "next/link";
import { useState, type FormEvent } from "react";

import { CHANNEL_LABEL, formatDuration, OUTCOME_COLOR, OUTCOME_LABEL } from "@/components/calls/format";
import { useOrg } from "@/components/dashboard/org-context";
import { money, STATUS_COLOR } from "@/components/inventory/format";
import type { RouterOutputs } from "@/components/inventory/types";
import { FollowUpsPanel } from "@/components/leads/follow-ups-panel";
import { CustomerText } from "@/components/replies/reply-panel";
import { CustomerPayments } from "@/components/payments/customer-payments";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { ErrorState, FormError, Loading, PageHeader, RefreshError } from "@/components/ui/states";
import { formatPhone } from "@/lib/format-phone";
import { formatIsoDay } from "@/lib/org-time";
import { api } from "@/lib/trpc";

type Customer = RouterOutputs["customers"]["get"];
type TimelineItem = Customer["timeline"][number];
type NoteItem = Extract<TimelineItem, { kind: "note" }>;

const KIND_COLOR: Record<TimelineItem["kind"], string> = {
  conversation: "blue",
  reservation: "green",
  payment: "teal",
  note: "yellow",
  activity: "gray",
};

/** The lead's owner: any member of the organization, or nobody; every member may change it. */
function LeadOwner({ leadId, ownerMemberId }: { leadId: string; ownerMemberId: string | null }) {
  const utils = api.useUtils();
  const team = api.team.list.useQuery();
  const update = api.leads.update.useMutation({
    onSuccess: async () => {
      await Promise.all([
        utils.customers.get.invalidate(),
        utils.customers.browse.invalidate(),
        utils.leads.invalidate(),
      ]);
    },
  });
  return (
    <Box>
      <LabeledSelect
        label="Lead owner"
        value={ownerMemberId ?? ""}
        onChange={(v) => update.mutate({ leadId, patch: { ownerMemberId: v || null } })}
      >
        <option value="">Nobody</option>
        {(team.data?.members ?? []).map((m) => (
          <option key={m.id} value={m.id}>
            {m.name || m.email}
          </option>
        ))}
      </LabeledSelect>
      <FormError message={update.error?.message ?? null} />
    </Box>
  );
}

/** A note in the timeline: its words, who wrote it and when, and an Edit that saves in place. */
function NoteBody({ note }: { note: NoteItem }) {
  const org = useOrg();
  const utils = api.useUtils();
  const [editing, setEditing] = useState(false);
  const edit = api.customers.editNote.useMutation({
    onSuccess: async () => {
      setEditing(false);
      await utils.customers.get.invalidate();
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    edit.mutate({ noteId: note.id, body: String(new FormData(e.currentTarget).get("body") ?? "") });
  }
  return (
    <Box>
      {editing ? (
        <form onSubmit={onSubmit} aria-label="Edit note">
          <Stack gap={2}>
            <Textarea name="body" defaultValue={note.body} rows={3} aria-label="Note" autoFocus maxLength={8000} />
            <FormError message={edit.error?.message ?? null} />
            <HStack>
              <Button type="submit" size="xs" loading={edit.isPending}>
                Save note
              </Button>
              <Button size="xs" variant="ghost" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </HStack>
          </Stack>
        </form>
      ) : (
        <Text fontSize="sm" whiteSpace="pre-wrap" data-testid="note-body">
          {note.body}
        </Text>
      )}
      <HStack gap={2} fontSize="xs" color="fg.muted">
        <Text>
          {note.authorName} · {org.dateTime(note.at)}
          {note.editedAt ? ` · edited by ${note.editedByName ?? "someone"} ${org.dateTime(note.editedAt)}` : ""}
        </Text>
        {!editing ? (
          <Button size="2xs" variant="ghost" onClick={() => setEditing(true)} aria-label="Edit note">
            Edit
          </Button>
        ) : null}
      </HStack>
    </Box>
  );
}

function TimelineLine({ t }: { t: TimelineItem }) {
  const org = useOrg();
  const when = org.dateTime(t.at);
  switch (t.kind) {
    case "conversation":
      return (
        <Box>
          <Text fontSize="sm" fontWeight="medium">
            <Link asChild colorPalette="blue">
              <NextLink href={org.href(`/calls/${t.id}`)}>
                {t.direction === "outbound" ? "Outbound " : ""}
                {(CHANNEL_LABEL[t.channel] ?? t.channel).toLowerCase()}
              </NextLink>
            </Link>
            {t.outcome ? (
              <Badge ml={2} size="sm" colorPalette={OUTCOME_COLOR[t.outcome]}>
                {OUTCOME_LABEL[t.outcome] ?? t.outcome}
              </Badge>
            ) : null}
            {t.status === "active" ? (
              <Badge ml={2} size="sm" colorPalette="red">
                live
              </Badge>
            ) : null}
            {t.handler === "staff" ? (
              <Badge ml={2} size="sm">
                staff
              </Badge>
            ) : null}
          </Text>
          {t.summary ? <Text fontSize="sm">{t.summary}</Text> : null}
          <Text fontSize="xs" color="fg.muted">
            {when}
            {t.durationSeconds ? ` · ${formatDuration(t.durationSeconds)}` : ""}
          </Text>
        </Box>
      );
    case "reservation":
      return (
        <Box>
          <Text fontSize="sm" fontWeight="medium">
            Reservation{" "}
            <Link asChild colorPalette="blue" fontFamily="mono">
              <NextLink href={org.href(`/reservations/${t.id}`)}>{t.confirmationCode}</NextLink>
            </Link>{" "}
            <Badge size="sm" colorPalette={STATUS_COLOR[t.status]}>
              {t.status}
            </Badge>
          </Text>
          <Text fontSize="xs" color="fg.muted">
            {when} · move-in {formatIsoDay(t.moveInDate)}
          </Text>
        </Box>
      );
    case "payment":
      return (
        <Box>
          <Text fontSize="sm" fontWeight="medium">
            Payment {money(t.amountCents)} <Badge size="sm">{t.method}</Badge>{" "}
            <Badge size="sm" colorPalette={t.status === "failed" ? "red" : t.status === "succeeded" ? "green" : "gray"}>
              {t.status.replace("_", " ")}
            </Badge>
          </Text>
          <Text fontSize="xs" color="fg.muted">
            {when}
          </Text>
        </Box>
      );
    case "note":
      return <NoteBody note={t} />;
    case "activity":
      return (
        <Box>
          <Text fontSize="sm">{t.action.replace(/[._]/g, " ")}</Text>
          <Text fontSize="xs" color="fg.muted">
            {when} · {t.actorLabel ?? "system"}
          </Text>
        </Box>
      );
  }
}

function AddNote({ customerId }: { customerId: string }) {
  const utils = api.useUtils();
  const [body, setBody] = useState("");
  const add = api.customers.addNote.useMutation({
    onSuccess: async () => {
      setBody("");
      await utils.customers.get.invalidate();
    },
  });
  return (
    <form
      aria-label="Add a note"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ customerId, body });
      }}
    >
      <Stack gap={2}>
        <Textarea
          aria-label="New note"
          placeholder="Add a note: what they asked, what you promised"
          rows={2}
          maxLength={8000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <FormError message={add.error?.message ?? null} />
        <Button type="submit" size="sm" alignSelf="flex-start" loading={add.isPending} disabled={!body.trim()}>
          Add note
        </Button>
      </Stack>
    </form>
  );
}

const FILTERS = [
  ["all", "Everything"],
  ["conversation", "Calls, texts and chats"],
  ["note", "Notes"],
  ["reservation", "Reservations"],
  ["payment", "Payments"],
] as const;

/** A customer: contact details, lead and owner, reservations, rentals, and one timeline of everything. */
export function CustomerPage({ id }: { id: string }) {
  const org = useOrg();
  const q = api.customers.get.useQuery({ customerId: id });
  // The Payments card's query (one request for both): whether the PMS keeps this tenant's balance.
  const payments = api.payments.customer.useQuery({ customerId: id });
  const pmsSource = payments.data?.balanceSource.source === "pms" ? payments.data.balanceSource : null;
  const [show, setShow] = useState<(typeof FILTERS)[number][0]>("all");
  if (q.isLoading) return <Loading label="Loading customer" />;
  if (!q.data) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data;
  const timeline = show === "all" ? c.timeline : c.timeline.filter((t) => t.kind === show);
  return (
    <Stack gap={6}>
      <RefreshError error={q.error} onRetry={() => q.refetch()} />
      <PageHeader
        title={c.name || formatPhone(c.phone) || c.email || "Customer"}
        description={[formatPhone(c.phone), c.email].filter(Boolean).join(" · ")}
      />
      <SimpleGrid columns={{ base: 1, lg: 3 }} gap={6} alignItems="start">
        <Card.Root>
          <Card.Body>
            <Heading as="h2" size="md" mb={3}>
              Lead
            </Heading>
            {c.lead ? (
              <Stack gap={2} fontSize="sm">
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
                {c.lead.desiredMoveInDate ? <Text>Move-in: {formatIsoDay(c.lead.desiredMoveInDate)}</Text> : null}
                {c.lead.notes ? <Text whiteSpace="pre-wrap">Notes: {c.lead.notes}</Text> : null}
                <LeadOwner leadId={c.lead.id} ownerMemberId={c.lead.ownerMemberId} />
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
                  <Badge colorPalette={STATUS_COLOR[r.status]}>{r.status}</Badge> move-in {formatIsoDay(r.moveInDate)}
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
                  From {formatIsoDay(r.startDate)} · {money(r.monthlyRateCents)}/month ·{" "}
                  {pmsSource && !r.movedOutAt
                    ? `balance kept in ${pmsSource.provider} (see Payments)`
                    : `balance ${money(r.balanceCents)}`}
                  {r.movedOutAt ? (
                    ` · moved out ${org.date(r.movedOutAt)}`
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
      <Box as="section" aria-label="Timeline and notes">
        <HStack justify="space-between" align="end" mb={3} flexWrap="wrap" gap={3}>
          <Heading as="h2" size="md">
            Timeline
          </Heading>
          <LabeledSelect label="Show in timeline" value={show} onChange={(v) => setShow(v as typeof show)}>
            {FILTERS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </LabeledSelect>
        </HStack>
        <Box mb={4}>
          <AddNote customerId={c.id} />
        </Box>
        {timeline.length === 0 ? <Text color="fg.muted">Nothing yet.</Text> : null}
        <Stack as="ol" gap={0} borderStartWidth="2px" ps={4} aria-label="Timeline">
          {timeline.map((t) => (
            <Box
              as="li"
              key={`${t.kind}-${t.id}`}
              listStyleType="none"
              py={2}
              data-kind={t.kind}
              borderStartWidth="3px"
              borderStartColor={`${KIND_COLOR[t.kind]}.solid`}
              ps={3}
              ms="-19px"
            >
              <TimelineLine t={t} />
            </Box>
          ))}
        </Stack>
      </Box>
    </Stack>
  );
}
