"use client";

import { Box, Button, Checkbox, HStack, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { FormError, Notice } from "@/components/ui/states";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

import { dollars, readPromotionValue } from "./form-values";
import type { RouterOutputs } from "./types";

export type Promotion = RouterOutputs["inventory"]["rates"]["promotions"][number];
export const PROMO_CHANNELS = [
  ["phone", "Phone calls"],
  ["sms", "Texts"],
  ["chat", "Web chat"],
  ["web", "Website"],
  ["walk_in", "Walk-in"],
] as const;
type Channel = (typeof PROMO_CHANNELS)[number][0];
export const PROMO_KINDS = [
  ["first_month_fixed", "First month at a fixed price ($)"],
  ["percent_off", "Percent off (%) for N months"],
  ["amount_off", "Amount off ($) for N months"],
  ["free_months", "N free months"],
] as const;
type PromoKind = (typeof PROMO_KINDS)[number][0];

/** The amount field's text for a saved value: dollars, or a percentage for percent off (basis points). */
const valueText = (kind: PromoKind, value: number) =>
  kind === "percent_off" ? String(value / 100) : kind === "free_months" ? "" : dollars(value);

function Choice({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <Checkbox.Root size="sm" checked={checked} onCheckedChange={(c) => onChange(c.checked === true)}>
      <Checkbox.HiddenInput />
      <Checkbox.Control />
      <Checkbox.Label>{label}</Checkbox.Label>
    </Checkbox.Root>
  );
}

/**
 * Add or edit a promotion (issue 22, item 5): its kind and amount, months, dates, this facility or
 * every facility, and which unit types and channels it is offered on (none ticked: all of them).
 * The agent quotes a promotion only where it applies (src/server/domain/pricing/promotions.ts).
 */
export function PromotionForm({
  facilityId,
  unitTypes,
  promotion,
  onDone,
}: {
  facilityId: string;
  unitTypes: { unitTypeId: string; name: string }[];
  promotion?: Promotion;
  onDone?: () => void;
}) {
  const utils = api.useUtils();
  const editing = Boolean(promotion);
  const [kind, setKind] = useState<PromoKind>(promotion?.kind ?? "first_month_fixed");
  const [typeIds, setTypeIds] = useState<string[]>(promotion?.unitTypeIds ?? []);
  const [channels, setChannels] = useState<Channel[]>((promotion?.channels ?? []) as Channel[]);
  const [everywhere, setEverywhere] = useState(promotion ? promotion.facilityId === null : false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = api.inventory.saveRateItem.useMutation({
    onSuccess: async (_d, v) => {
      setNotice(`Saved promotion "${v.data.name}".`);
      await utils.inventory.invalidate();
    },
  });
  // Unit types of other facilities a promotion for every facility may name: kept, not shown.
  const otherTypeIds = typeIds.filter((id) => !unitTypes.some((t) => t.unitTypeId === id));
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setNotice(null);
    setError(null);
    const form = e.currentTarget;
    const d = new FormData(form);
    const read = readPromotionValue(kind, String(d.get("value") ?? ""));
    if (!read.ok) return setError(read.error);
    const opt = (k: string) => String(d.get(k) ?? "") || null;
    const months = Number(d.get("months") || 1);
    if (!Number.isInteger(months) || months < 1 || months > 24) return setError("Months: a whole number from 1 to 24.");
    save.mutate(
      {
        kind: "promotion",
        ...(promotion ? { id: promotion.id } : {}),
        data: {
          facilityId: everywhere ? null : (promotion?.facilityId ?? facilityId),
          name: String(d.get("name") ?? "").trim(),
          kind,
          value: read.value,
          months,
          startsOn: opt("startsOn"),
          endsOn: opt("endsOn"),
          unitTypeIds: typeIds,
          channels,
          active: promotion?.active ?? true,
        },
      },
      {
        onSuccess: () => {
          if (editing) onDone?.();
          else {
            form.reset();
            setTypeIds([]);
            setChannels([]);
          }
        },
      },
    );
  }

  const label = editing ? `Edit promotion ${promotion!.name}` : "Add a promotion";
  return (
    <form onSubmit={onSubmit} aria-label={label}>
      <Stack gap={3} borderWidth={editing ? "1px" : undefined} borderRadius="md" p={editing ? 3 : 0}>
        <Text fontWeight="medium">{editing ? `Edit "${promotion!.name}"` : "Add a promotion for this facility"}</Text>
        <FormError message={error ?? save.error?.message ?? null} />
        {notice && !editing ? <Notice status="success" title={notice} /> : null}
        <SimpleGrid columns={{ base: 1, md: 3 }} gap={3}>
          <TextField label="Promotion name" name="name" required size="sm" defaultValue={promotion?.name ?? ""} />
          <LabeledSelect label="Promotion kind" value={kind} onChange={(v) => setKind(v as PromoKind)}>
            {PROMO_KINDS.map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </LabeledSelect>
          <TextField
            key={kind}
            label={kind === "percent_off" ? "Percent off" : "Amount ($)"}
            name="value"
            size="sm"
            disabled={kind === "free_months"}
            defaultValue={promotion && promotion.kind === kind ? valueText(kind, promotion.value) : "1.00"}
          />
          <TextField
            label="Months"
            name="months"
            type="number"
            min={1}
            max={24}
            defaultValue={String(promotion?.months ?? 1)}
            size="sm"
          />
          <TextField label="Starts on" name="startsOn" type="date" size="sm" defaultValue={promotion?.startsOn ?? ""} />
          <TextField label="Ends on" name="endsOn" type="date" size="sm" defaultValue={promotion?.endsOn ?? ""} />
        </SimpleGrid>
        <Box as="fieldset">
          <Text as="legend" fontSize="sm" fontWeight="medium" mb={1}>
            Unit types (none ticked: every unit type)
          </Text>
          <HStack gap={4} flexWrap="wrap">
            {unitTypes.map((t) => (
              <Choice
                key={t.unitTypeId}
                label={t.name}
                checked={typeIds.includes(t.unitTypeId)}
                onChange={(on) => setTypeIds((ids) => toggle(ids, t.unitTypeId, on))}
              />
            ))}
            {otherTypeIds.length ? (
              <Text fontSize="xs" color="fg.muted">
                and {otherTypeIds.length} of other facilities
              </Text>
            ) : null}
          </HStack>
        </Box>
        <Box as="fieldset">
          <Text as="legend" fontSize="sm" fontWeight="medium" mb={1}>
            Channels (none ticked: every channel)
          </Text>
          <HStack gap={4} flexWrap="wrap">
            {PROMO_CHANNELS.map(([c, l]) => (
              <Choice
                key={c}
                label={l}
                checked={channels.includes(c)}
                onChange={(on) => setChannels((cs) => toggle(cs, c, on))}
              />
            ))}
          </HStack>
        </Box>
        <Choice label="Offer it at every facility" checked={everywhere} onChange={setEverywhere} />
        <HStack>
          <Button type="submit" size="sm" loading={save.isPending}>
            {editing ? "Save promotion" : "Add promotion"}
          </Button>
          {editing ? (
            <Button size="sm" variant="ghost" onClick={onDone}>
              Cancel
            </Button>
          ) : null}
        </HStack>
      </Stack>
    </form>
  );
}
