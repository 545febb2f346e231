"use client";

import {
  Badge,
  Box,
  Button,
  Card,
  Flex,
  HStack,
  Heading,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Field,
} from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { FormError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { formatIsoDay, todayIn } from "@/lib/org-time";
import { api } from "@/lib/trpc";

import { upcomingUsHolidays } from "./hours-model";
import type { RouterOutputs } from "./types";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table } from "@/components/ui/table";

type Facility = RouterOutputs["facilities"]["get"];
const DAYS = [
  ["mon", "Monday"],
  ["tue", "Tuesday"],
  ["wed", "Wednesday"],
  ["thu", "Thursday"],
  ["fri", "Friday"],
  ["sat", "Saturday"],
  ["sun", "Sunday"],
] as const;

function Hours({ title, hours }: { title: string; hours: Facility["officeHours"] }) {
  return (
    <Box>
      <Heading as="h3" size="sm" mb={2}>
        {title}
      </Heading>
      <Table.Root aria-label={title}>
        <Table.Body>
          {DAYS.map(([key, name]) => {
            const ranges = hours?.[key] ?? [];
            return (
              <Table.Row key={key}>
                <Table.Cell>{name}</Table.Cell>
                <Table.Cell>
                  {ranges.length === 1 && ranges[0]!.open === "00:00" && ranges[0]!.close === "24:00"
                    ? "24 hours"
                    : ranges.length
                      ? ranges.map((r) => `${r.open}–${r.close}`).join(", ")
                      : "Closed"}
                </Table.Cell>
              </Table.Row>
            );
          })}
        </Table.Body>
      </Table.Root>
    </Box>
  );
}

function Closures({ facility }: { facility: Facility }) {
  const org = useOrg();
  const utils = api.useUtils();
  const set = api.facilities.setClosures.useMutation({
    onSuccess: () => utils.facilities.get.invalidate({ facilityId: facility.id }),
  });
  const closures = facility.closures.map((c) => ({ date: c.date, reason: c.reason, reasonEs: c.reasonEs }));
  // The next year's US holidays the facility is not already closed on: added in one save.
  const holidays = upcomingUsHolidays(todayIn(org.timeZone)).filter((h) => !closures.some((c) => c.date === h.date));
  function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    set.mutate(
      {
        facilityId: facility.id,
        // A date already listed is replaced: adding it again is how its reasons are changed.
        closures: [
          ...closures.filter((c) => c.date !== String(data.get("date"))),
          {
            date: String(data.get("date")),
            reason: String(data.get("reason") ?? ""),
            reasonEs: String(data.get("reasonEs") ?? ""),
          },
        ],
      },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <Box>
      <Heading as="h3" size="sm" mb={2}>
        Closures
      </Heading>
      <FormError message={set.error?.message ?? null} />
      {closures.length === 0 ? (
        <Text fontSize="sm" color="fg.muted">
          No dated closures.
        </Text>
      ) : null}
      <Stack gap={1} mb={3}>
        {closures.map((c) => (
          <HStack key={c.date} justify="space-between">
            <Text fontSize="sm">
              {formatIsoDay(c.date)} {c.reason ? `· ${c.reason}` : ""}
              {c.reasonEs ? (
                <Text as="span" color="fg.muted" lang="es">
                  {" "}
                  · {c.reasonEs}
                </Text>
              ) : null}
            </Text>
            {org.can("manager") ? (
              <Button
                size="xs"
                variant="ghost"
                colorPalette="red"
                aria-label={`Remove closure ${c.date}`}
                onClick={() =>
                  set.mutate({ facilityId: facility.id, closures: closures.filter((x) => x.date !== c.date) })
                }
              >
                Remove
              </Button>
            ) : null}
          </HStack>
        ))}
      </Stack>
      {org.can("manager") && holidays.length > 0 ? (
        <Button
          size="xs"
          variant="outline"
          mb={3}
          loading={set.isPending}
          title={holidays.map((h) => `${h.reason} (${h.date})`).join(", ")}
          onClick={() => set.mutate({ facilityId: facility.id, closures: [...closures, ...holidays] })}
        >
          Close on US holidays ({holidays.length})
        </Button>
      ) : null}
      {org.can("manager") ? (
        <form onSubmit={onAdd} aria-label="Add a closure">
          <Flex gap={2} direction={{ base: "column", sm: "row" }} align={{ sm: "flex-end" }}>
            <TextField label="Closure date" name="date" type="date" required size="sm" />
            <TextField label="Reason" name="reason" size="sm" />
            <TextField
              label="Reason in Spanish"
              name="reasonEs"
              size="sm"
              helper="Optional. Without it, Spanish callers hear the English reason, introduced as English."
            />
            <Button type="submit" size="sm" loading={set.isPending}>
              Add
            </Button>
          </Flex>
        </form>
      ) : null}
    </Box>
  );
}

type KbEntry = Facility["knowledgeBase"][number];

/**
 * Adds an entry, or edits `entry`. The Spanish question and answer are optional: Spanish callers
 * hear the Spanish answer, and without one the English answer after "Tengo esta información solo en
 * inglés" (docs/agent.md); a blank field removes the Spanish version.
 */
function KnowledgeBaseForm({ facility, entry, onDone }: { facility: Facility; entry?: KbEntry; onDone?: () => void }) {
  const utils = api.useUtils();
  const save = api.facilities.saveKnowledgeBaseEntry.useMutation({
    onSuccess: () => utils.facilities.get.invalidate({ facilityId: facility.id }),
  });
  const [kind, setKind] = useState<"policy" | "faq">(entry?.kind ?? "policy");
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    save.mutate(
      {
        entryId: entry?.id,
        entry: {
          // An organization-wide entry edited here stays organization-wide.
          facilityId: entry ? entry.facilityId : facility.id,
          kind,
          question: String(data.get("question")),
          answer: String(data.get("answer")),
          questionEs: String(data.get("questionEs") ?? ""),
          answerEs: String(data.get("answerEs") ?? ""),
          tags: entry?.tags ?? [],
        },
      },
      {
        onSuccess: () => {
          if (!entry) form.reset();
          onDone?.();
        },
      },
    );
  }
  const label = entry ? `Edit "${entry.question}"` : "Add a knowledge base entry";
  return (
    <form onSubmit={onSubmit} aria-label={label}>
      <Stack gap={2}>
        <FormError message={save.error?.message ?? null} />
        <Box>
          <Text fontSize="sm" fontWeight="medium" mb={1.5}>
            Kind
          </Text>
          <NativeSelect.Root size="sm" width="40">
            <NativeSelect.Field
              aria-label="Entry kind"
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as "policy" | "faq")}
            >
              <option value="policy">policy</option>
              <option value="faq">faq</option>
            </NativeSelect.Field>
            <NativeSelect.Indicator />
          </NativeSelect.Root>
        </Box>
        <TextField label="Question or policy title" name="question" required size="sm" defaultValue={entry?.question} />
        <Field.Root required>
          <Field.Label>Answer</Field.Label>
          <Textarea name="answer" size="sm" required defaultValue={entry?.answer} />
        </Field.Root>
        <TextField
          label="Question in Spanish"
          name="questionEs"
          size="sm"
          defaultValue={entry?.questionEs ?? ""}
          helper="Optional. Helps the agent find this entry when a caller asks in Spanish."
        />
        <Field.Root>
          <Field.Label>Answer in Spanish</Field.Label>
          <Textarea name="answerEs" size="sm" defaultValue={entry?.answerEs ?? ""} lang="es" />
          <Field.HelperText>
            Optional. Without it, Spanish callers hear the English answer after &ldquo;Tengo esta información solo en
            inglés&rdquo;.
          </Field.HelperText>
        </Field.Root>
        <HStack>
          <Button type="submit" size="sm" loading={save.isPending}>
            {entry ? "Save entry" : "Add entry"}
          </Button>
          {onDone && entry ? (
            <Button size="sm" variant="ghost" onClick={onDone}>
              Cancel
            </Button>
          ) : null}
        </HStack>
      </Stack>
    </form>
  );
}

function KnowledgeBase({ facility }: { facility: Facility }) {
  const org = useOrg();
  const utils = api.useUtils();
  const invalidate = () => utils.facilities.get.invalidate({ facilityId: facility.id });
  const remove = api.facilities.deleteKnowledgeBaseEntry.useMutation({ onSuccess: invalidate });
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Card.Root>
      <Card.Body>
        <Heading as="h2" size="md" mb={3}>
          Policies and knowledge base
        </Heading>
        <Text fontSize="sm" color="fg.muted" mb={3}>
          What the agent answers from. Entries without a facility apply to every location.
        </Text>
        <FormError message={remove.error?.message ?? null} />
        <Stack gap={3}>
          {facility.knowledgeBase.map((k) => (
            <Box key={k.id} borderWidth="1px" borderRadius="md" p={3}>
              {editing === k.id ? (
                <KnowledgeBaseForm facility={facility} entry={k} onDone={() => setEditing(null)} />
              ) : (
                <HStack justify="space-between" align="start">
                  <Box>
                    <Text fontWeight="medium">
                      <Badge mr={2}>{k.kind}</Badge>
                      {k.question}
                      {k.facilityId ? null : (
                        <Badge ml={2} colorPalette="purple">
                          all facilities
                        </Badge>
                      )}
                      {k.answerEs ? null : (
                        <Badge ml={2} title="Spanish callers hear the English answer, introduced as English.">
                          English only
                        </Badge>
                      )}
                    </Text>
                    <Text fontSize="sm" mt={1} whiteSpace="pre-wrap">
                      {k.answer}
                    </Text>
                    {k.answerEs ? (
                      <Text fontSize="sm" mt={1} whiteSpace="pre-wrap" color="fg.muted" lang="es">
                        {k.questionEs ? `${k.questionEs} · ` : ""}
                        {k.answerEs}
                      </Text>
                    ) : null}
                  </Box>
                  {org.can("manager") ? (
                    <HStack gap={1}>
                      <Button
                        size="xs"
                        variant="ghost"
                        aria-label={`Edit "${k.question}"`}
                        onClick={() => setEditing(k.id)}
                      >
                        Edit
                      </Button>
                      <ConfirmButton
                        size="xs"
                        variant="ghost"
                        colorPalette="red"
                        aria-label={`Delete "${k.question}"`}
                        title={`Delete "${k.question}"?`}
                        onConfirm={() => remove.mutate({ entryId: k.id })}
                      >
                        Delete
                      </ConfirmButton>
                    </HStack>
                  ) : null}
                </HStack>
              )}
            </Box>
          ))}
          {facility.knowledgeBase.length === 0 ? (
            <Text fontSize="sm" color="fg.muted">
              No entries yet.
            </Text>
          ) : null}
          {org.can("manager") ? <KnowledgeBaseForm facility={facility} /> : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

export function FacilityInfo({ facility }: { facility: Facility }) {
  return (
    <Stack gap={6}>
      <Card.Root>
        <Card.Body>
          <SimpleGrid columns={{ base: 1, lg: 3 }} gap={6}>
            <Stack gap={1} fontSize="sm">
              <Heading as="h2" size="md" mb={1}>
                Details
              </Heading>
              <Text>
                {[facility.addressLine1, facility.addressLine2, facility.city, facility.state, facility.postalCode]
                  .filter(Boolean)
                  .join(", ") || "No address"}
              </Text>
              <Text>Phone: {facility.phone ?? "none"}</Text>
              <Text>Time zone: {facility.timeZone}</Text>
              <Text>
                Hold period: {facility.holdPeriodDays} days · Billing: {facility.billingMode.replace(/_/g, " ")}
              </Text>
              {facility.amenities.length ? <Text>Amenities: {facility.amenities.join(", ")}</Text> : null}
              <Text>
                Move-ins: {facility.moveInWithoutStaff ? "without staff too (contactless)" : "while the office is open"}
              </Text>
              {facility.directions ? <Text>Directions: {facility.directions}</Text> : null}
            </Stack>
            <Hours title="Office hours" hours={facility.officeHours} />
            <Stack gap={6}>
              <Hours title="Access hours" hours={facility.accessHours} />
              <Closures facility={facility} />
            </Stack>
          </SimpleGrid>
        </Card.Body>
      </Card.Root>
      <KnowledgeBase facility={facility} />
    </Stack>
  );
}
