"use client";

import {
  Badge,
  Box,
  Button,
  Card,
  Flex,
  Heading,
  HStack,
  Input,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { QuoteLines } from "@/components/reservations/quote-lines";
import { FormError, Notice } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { api } from "@/lib/trpc";

import { money, todayIso } from "./format";
import { readDollars, readPromotionValue } from "./form-values";

const CHANNELS = ["phone", "web", "walk_in", "sms", "chat"] as const;
type Channel = (typeof CHANNELS)[number];
const PROMO_KINDS = [
  ["first_month_fixed", "First month at a fixed price ($)"],
  ["percent_off", "Percent off (%) for N months"],
  ["amount_off", "Amount off ($) for N months"],
  ["free_months", "N free months"],
] as const;
type PromoKind = (typeof PROMO_KINDS)[number][0];

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

function PromotionForm({ facilityId }: { facilityId: string }) {
  const utils = api.useUtils();
  const [kind, setKind] = useState<PromoKind>("first_month_fixed");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = api.inventory.saveRateItem.useMutation({
    onSuccess: async (_d, v) => {
      setNotice(`Saved promotion "${v.data.name}".`);
      await utils.inventory.invalidate();
    },
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setNotice(null);
    setError(null);
    const form = e.currentTarget;
    const d = new FormData(form);
    const read = readPromotionValue(kind, String(d.get("value") ?? ""));
    if (!read.ok) return setError(read.error);
    const value = read.value;
    const opt = (k: string) => String(d.get(k) ?? "") || null;
    save.mutate(
      {
        kind: "promotion",
        data: {
          facilityId,
          name: String(d.get("name")),
          kind,
          value,
          months: Number(d.get("months") || 1),
          startsOn: opt("startsOn"),
          endsOn: opt("endsOn"),
        },
      },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <form onSubmit={onSubmit} aria-label="Add a promotion">
      <Stack gap={3}>
        <Text fontWeight="medium">Add a promotion for this facility</Text>
        <FormError message={error ?? save.error?.message ?? null} />
        {notice ? <Notice status="success" title={notice} /> : null}
        <SimpleGrid columns={{ base: 1, md: 3 }} gap={3}>
          <TextField label="Promotion name" name="name" required size="sm" />
          <LabeledSelect label="Promotion kind" value={kind} onChange={(v) => setKind(v as PromoKind)}>
            {PROMO_KINDS.map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </LabeledSelect>
          <TextField
            label={kind === "percent_off" ? "Percent off" : "Amount ($)"}
            name="value"
            size="sm"
            disabled={kind === "free_months"}
            defaultValue="1.00"
          />
          <TextField label="Months" name="months" type="number" min={1} max={24} defaultValue="1" size="sm" />
          <TextField label="Starts on" name="startsOn" type="date" size="sm" />
          <TextField label="Ends on" name="endsOn" type="date" size="sm" />
        </SimpleGrid>
        <Button type="submit" size="sm" alignSelf="flex-start" loading={save.isPending}>
          Add promotion
        </Button>
      </Stack>
    </form>
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
  const [chosenType, setType] = useState("");
  const [channel, setChannel] = useState<Channel>("phone");
  const [date, setDate] = useState(todayIso());
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
              <Table.Root size="sm" aria-label="Rates">
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
              <FormError message={toggle.error?.message ?? null} />
              {promotions.length === 0 ? (
                <Text fontSize="sm" color="fg.muted">
                  No promotions.
                </Text>
              ) : null}
              <Stack gap={2}>
                {promotions.map((p) => (
                  <HStack key={p.id} justify="space-between" borderWidth="1px" borderRadius="md" p={2}>
                    <Text fontSize="sm">
                      {p.name} <Badge size="sm">{p.kind.replace(/_/g, " ")}</Badge>{" "}
                      {p.facilityId ? null : (
                        <Badge size="sm" colorPalette="purple">
                          all facilities
                        </Badge>
                      )}
                      {p.startsOn || p.endsOn ? ` · ${p.startsOn ?? "…"} to ${p.endsOn ?? "…"}` : ""}
                    </Text>
                    {manage ? (
                      <Button
                        size="xs"
                        variant="outline"
                        aria-label={`${p.active ? "Pause" : "Resume"} ${p.name}`}
                        onClick={() => {
                          const {
                            id,
                            name,
                            kind,
                            value,
                            months,
                            facilityId: fid,
                            unitTypeIds,
                            startsOn,
                            endsOn,
                            channels,
                          } = p;
                          toggle.mutate({
                            kind: "promotion",
                            id,
                            data: {
                              name,
                              kind,
                              value,
                              months,
                              facilityId: fid,
                              unitTypeIds,
                              startsOn,
                              endsOn,
                              channels,
                              active: !p.active,
                            },
                          });
                        }}
                      >
                        {p.active ? "Pause" : "Resume"}
                      </Button>
                    ) : (
                      <Badge>{p.active ? "active" : "paused"}</Badge>
                    )}
                  </HStack>
                ))}
              </Stack>
            </Box>
            {manage ? <PromotionForm facilityId={facilityId} /> : null}
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
