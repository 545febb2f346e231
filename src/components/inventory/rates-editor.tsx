"use client";

import { Badge, Box, Button, Card, Flex, Heading, HStack, Input, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { useOrg, useTimeZone } from "@/components/dashboard/org-context";
import { QuoteLines } from "@/components/reservations/quote-lines";
import { FormError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { todayIn } from "@/lib/org-time";
import { api } from "@/lib/trpc";

import { money } from "./format";
import { readDollars } from "./form-values";
import { PROMO_CHANNELS, PromotionForm, type Promotion } from "./promotion-form";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Table } from "@/components/ui/table";

const CHANNELS = ["phone", "web", "walk_in", "sms", "chat"] as const;
type Channel = (typeof CHANNELS)[number];

/** "12.50" → 1250; null when it is not a non-negative amount. */
const toCents = (v: string) => {
  const r = readDollars(v, "Amount");
  return r.ok ? r.value : null;
};

function RateRow({
  t,
  manage,
}: {
  t: { unitTypeId: string; name: string; streetRateCents: number; webRateCents: number };
  manage: boolean;
}) {
  const utils = api.useUtils();
  const [street, setStreet] = useState((t.streetRateCents / 100).toFixed(2));
  const [web, setWeb] = useState((t.webRateCents / 100).toFixed(2));
  const save = api.inventory.updateUnitType.useMutation({ onSuccess: () => utils.inventory.invalidate() });
  const s = toCents(street);
  const w = toCents(web);
  const dirty = s !== t.streetRateCents || w !== t.webRateCents;
  return (
    <Table.Row>
      <Table.Cell>{t.name}</Table.Cell>
      <Table.Cell>
        {manage ? (
          <Input
            size="sm"
            w="28"
            aria-label={`Street rate of ${t.name} in dollars`}
            value={street}
            onChange={(e) => setStreet(e.currentTarget.value)}
            aria-invalid={s === null}
          />
        ) : (
          money(t.streetRateCents)
        )}
      </Table.Cell>
      <Table.Cell>
        {manage ? (
          <Input
            size="sm"
            w="28"
            aria-label={`Web rate of ${t.name} in dollars`}
            value={web}
            onChange={(e) => setWeb(e.currentTarget.value)}
            aria-invalid={w === null}
          />
        ) : (
          money(t.webRateCents)
        )}
      </Table.Cell>
      <Table.Cell>
        {manage ? (
          <Button
            size="xs"
            disabled={!dirty || s === null || w === null}
            loading={save.isPending}
            onClick={() =>
              s !== null &&
              w !== null &&
              save.mutate({ unitTypeId: t.unitTypeId, patch: { streetRateCents: s, webRateCents: w } })
            }
          >
            Save
          </Button>
        ) : null}
        {save.error ? (
          <Text color="fg.error" fontSize="xs" role="alert">
            {save.error.message}
          </Text>
        ) : null}
      </Table.Cell>
    </Table.Row>
  );
}

type PromotionData = Omit<Promotion, "id" | "organizationId" | "createdAt" | "updatedAt">;

/** When a promotion runs, and whether it has ended by `today`. */
function promotionState(p: Promotion, today: string): { label: string; color: string } {
  if (!p.active) return { label: "paused", color: "gray" };
  if (p.endsOn && p.endsOn < today) return { label: "ended", color: "gray" };
  if (p.startsOn && p.startsOn > today) return { label: "scheduled", color: "blue" };
  return { label: "active", color: "green" };
}

/**
 * One promotion: what it gives, where it applies (unit types, channels, facilities), when it runs;
 * Edit, Pause/Resume, End today (its last day is today, kept for the record) and Delete.
 */
function PromotionRow({
  p,
  manage,
  typeName,
  onEdit,
  onSave,
  onDelete,
}: {
  p: Promotion;
  manage: boolean;
  typeName: (id: string) => string | undefined;
  onEdit: () => void;
  onSave: (data: PromotionData) => void;
  onDelete: () => void;
}) {
  const today = todayIn(useTimeZone());
  const state = promotionState(p, today);
  const { id: _id, organizationId: _o, createdAt: _c, updatedAt: _u, ...data } = p;
  const channels = p.channels.map((c) => PROMO_CHANNELS.find(([k]) => k === c)?.[1] ?? c);
  const types = p.unitTypeIds.map((id) => typeName(id) ?? "a unit type elsewhere");
  return (
    <Box borderWidth="1px" borderRadius="md" p={2} data-testid="promotion">
      <HStack justify="space-between" align="start" flexWrap="wrap" gap={2}>
        <Box>
          <Text fontSize="sm" fontWeight="medium">
            {p.name} <Badge size="sm">{p.kind.replace(/_/g, " ")}</Badge>{" "}
            <Badge size="sm" colorPalette={state.color}>
              {state.label}
            </Badge>{" "}
            {p.facilityId ? null : (
              <Badge size="sm" colorPalette="purple">
                all facilities
              </Badge>
            )}
          </Text>
          <Text fontSize="xs" color="fg.muted">
            {types.length ? `Unit types: ${types.join(", ")}` : "Every unit type"} ·{" "}
            {channels.length ? `Channels: ${channels.join(", ")}` : "Every channel"}
            {p.startsOn || p.endsOn ? ` · ${p.startsOn ?? "…"} to ${p.endsOn ?? "…"}` : ""}
          </Text>
        </Box>
        {manage ? (
          <HStack gap={1}>
            <Button size="xs" variant="outline" aria-label={`Edit ${p.name}`} onClick={onEdit}>
              Edit
            </Button>
            <Button
              size="xs"
              variant="outline"
              aria-label={`${p.active ? "Pause" : "Resume"} ${p.name}`}
              onClick={() => onSave({ ...data, active: !p.active })}
            >
              {p.active ? "Pause" : "Resume"}
            </Button>
            {state.label === "active" || state.label === "scheduled" ? (
              <Button
                size="xs"
                variant="outline"
                aria-label={`End ${p.name} today`}
                onClick={() =>
                  onSave({ ...data, endsOn: today, startsOn: p.startsOn && p.startsOn > today ? today : p.startsOn })
                }
              >
                End today
              </Button>
            ) : null}
            <ConfirmButton
              size="xs"
              variant="ghost"
              colorPalette="red"
              aria-label={`Delete ${p.name}`}
              title={`Delete the promotion "${p.name}"?`}
              detail="Quotes already given keep it."
              onConfirm={onDelete}
            >
              Delete
            </ConfirmButton>
          </HStack>
        ) : null}
      </HStack>
    </Box>
  );
}

/** Rates, promotions and the live quote preview the agent would give for this facility. */
export function RatesEditor({ facilityId, managedBy = null }: { facilityId: string; managedBy?: string | null }) {
  const org = useOrg();
  const manage = org.can("manager");
  // Street and web rates are the PMS's when it manages the facility; promotions added here stay ours.
  const manageRates = manage && !managedBy;
  const utils = api.useUtils();
  const types = api.inventory.availability.useQuery({ facilityId });
  const rates = api.inventory.rates.useQuery();
  const toggle = api.inventory.saveRateItem.useMutation({ onSuccess: () => utils.inventory.invalidate() });
  const remove = api.inventory.deleteRateItem.useMutation({ onSuccess: () => utils.inventory.invalidate() });
  const [editing, setEditing] = useState<string | null>(null);
  const [chosenType, setType] = useState("");
  const [channel, setChannel] = useState<Channel>("phone");
  // The organization's day, not the browser's: the same on the server, which renders this page with its data.
  const [date, setDate] = useState(() => todayIn(org.timeZone));
  const [promo, setPromo] = useState("best");
  const [plan, setPlan] = useState("");
  const unitTypeId = chosenType || types.data?.[0]?.unitTypeId || "";
  const promotions = (rates.data?.promotions ?? []).filter((p) => p.facilityId === null || p.facilityId === facilityId);
  const quote = api.inventory.quote.useQuery(
    {
      unitTypeId,
      channel,
      moveInDate: date,
      promotionId: promo === "best" ? undefined : promo === "none" ? null : promo,
      protectionPlanId: plan || null,
    },
    { enabled: Boolean(unitTypeId && /^\d{4}-\d{2}-\d{2}$/.test(date)) },
  );

  return (
    <Card.Root>
      <Card.Body>
        <Heading as="h2" size="md" mb={4}>
          Rates and promotions
        </Heading>
        <SimpleGrid columns={{ base: 1, xl: 2 }} gap={8} alignItems="start">
          <Stack gap={6}>
            <Box overflowX="auto">
              <Table.Root aria-label="Rates">
                <Table.Header>
                  <Table.Row>
                    <Table.ColumnHeader>Unit type</Table.ColumnHeader>
                    <Table.ColumnHeader>Street rate</Table.ColumnHeader>
                    <Table.ColumnHeader>Web rate</Table.ColumnHeader>
                    <Table.ColumnHeader />
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {types.data?.map((t) => (
                    <RateRow
                      key={`${t.unitTypeId}-${t.streetRateCents}-${t.webRateCents}`}
                      t={t}
                      manage={manageRates}
                    />
                  ))}
                </Table.Body>
              </Table.Root>
            </Box>
            <Box>
              <Text fontWeight="medium" mb={2}>
                Promotions
              </Text>
              <FormError message={toggle.error?.message ?? remove.error?.message ?? null} />
              {promotions.length === 0 ? (
                <Text fontSize="sm" color="fg.muted">
                  No promotions.
                </Text>
              ) : null}
              <Stack gap={2}>
                {promotions.map((p) =>
                  editing === p.id ? (
                    <PromotionForm
                      key={p.id}
                      facilityId={facilityId}
                      unitTypes={types.data ?? []}
                      promotion={p}
                      onDone={() => setEditing(null)}
                    />
                  ) : (
                    <PromotionRow
                      key={p.id}
                      p={p}
                      manage={manage}
                      typeName={(id) => types.data?.find((t) => t.unitTypeId === id)?.name}
                      onEdit={() => setEditing(p.id)}
                      onSave={(data) => toggle.mutate({ kind: "promotion", id: p.id, data })}
                      onDelete={() => remove.mutate({ kind: "promotion", id: p.id })}
                    />
                  ),
                )}
              </Stack>
            </Box>
            {manage ? <PromotionForm facilityId={facilityId} unitTypes={types.data ?? []} /> : null}
          </Stack>
          <Stack gap={3} aria-label="Live quote preview">
            <Text fontWeight="medium">Live quote preview</Text>
            <SimpleGrid columns={{ base: 1, md: 2 }} gap={3}>
              <LabeledSelect label="Quote unit type" value={unitTypeId} onChange={setType}>
                {types.data?.map((t) => (
                  <option key={t.unitTypeId} value={t.unitTypeId}>
                    {t.name}
                  </option>
                ))}
              </LabeledSelect>
              <LabeledSelect label="Quote channel" value={channel} onChange={(v) => setChannel(v as Channel)}>
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {c.replace("_", " ")}
                  </option>
                ))}
              </LabeledSelect>
              <TextField
                label="Quote move-in date"
                type="date"
                size="sm"
                value={date}
                onChange={(e) => setDate(e.currentTarget.value)}
              />
              <LabeledSelect label="Quote promotion" value={promo} onChange={setPromo}>
                <option value="best">Best eligible</option>
                <option value="none">None</option>
                {promotions.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </LabeledSelect>
              <LabeledSelect label="Protection plan" value={plan} onChange={setPlan}>
                <option value="">None</option>
                {rates.data?.protectionPlans
                  .filter((p) => p.active)
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} ({money(p.monthlyCents)}/month)
                    </option>
                  ))}
              </LabeledSelect>
            </SimpleGrid>
            <Flex direction="column" gap={2}>
              {quote.error ? <FormError message={quote.error.message} /> : null}
              {quote.data ? <QuoteLines quote={quote.data} title="Live quote" /> : null}
              {quote.data?.explanation.length ? (
                <Text fontSize="xs" color="fg.muted">
                  {quote.data.explanation.join(" ")}
                </Text>
              ) : null}
            </Flex>
          </Stack>
        </SimpleGrid>
      </Card.Body>
    </Card.Root>
  );
}
