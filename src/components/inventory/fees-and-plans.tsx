"use client";

import { Badge, Box, Button, Card, Checkbox, Flex, Heading, HStack, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import { useState, type FormEvent, type ReactNode } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { FormError } from "@/components/ui/states";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

import { money } from "./format";
import { dollars, readDollars } from "./form-values";
import type { RouterOutputs } from "./types";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Rates = RouterOutputs["inventory"]["rates"];
type Fee = Rates["fees"][number];
type Plan = Rates["protectionPlans"][number];

function useRateItems() {
  const utils = api.useUtils();
  const onSuccess = () => utils.inventory.invalidate();
  return {
    save: api.inventory.saveRateItem.useMutation({ onSuccess }),
    remove: api.inventory.deleteRateItem.useMutation({ onSuccess }),
  };
}

/** "Applies to": this facility or every facility of the organization. */
function Scope({ allFacilities, onChange }: { allFacilities: boolean; onChange: (v: boolean) => void }) {
  return (
    <Checkbox.Root size="sm" checked={allFacilities} onCheckedChange={(c) => onChange(c.checked === true)}>
      <Checkbox.HiddenInput />
      <Checkbox.Control />
      <Checkbox.Label>All facilities</Checkbox.Label>
    </Checkbox.Root>
  );
}

function FeeForm({ facilityId, fee, onDone }: { facilityId: string; fee?: Fee; onDone: () => void }) {
  const { save } = useRateItems();
  const [kind, setKind] = useState<"admin" | "other">(fee?.kind ?? "other");
  const [taxable, setTaxable] = useState(fee?.taxable ?? false);
  const [all, setAll] = useState(fee ? fee.facilityId === null : false);
  const [error, setError] = useState<string | null>(null);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const d = new FormData(e.currentTarget);
    const amount = readDollars(String(d.get("amount") ?? ""), "Amount");
    if (!amount.ok) return setError(amount.error);
    const data = {
      name: String(d.get("name") ?? "").trim(),
      kind,
      amountCents: amount.value,
      taxable,
      facilityId: all ? null : facilityId,
      active: fee?.active ?? true,
    };
    save.mutate({ kind: "fee", id: fee?.id, data }, { onSuccess: onDone });
  }
  return (
    <form onSubmit={onSubmit} aria-label={fee ? `Edit fee ${fee.name}` : "Add a fee"} noValidate>
      <Stack gap={2} borderWidth="1px" borderRadius="md" p={3}>
        <SimpleGrid columns={{ base: 1, md: 3 }} gap={2}>
          <TextField label="Fee name" name="name" size="sm" required defaultValue={fee?.name ?? ""} />
          <TextField
            label="Amount ($)"
            name="amount"
            size="sm"
            inputMode="decimal"
            required
            defaultValue={fee ? dollars(fee.amountCents) : ""}
          />
          <LabeledSelect label="Fee kind" value={kind} onChange={(v) => setKind(v as "admin" | "other")}>
            <option value="other">one-time fee</option>
            <option value="admin">admin fee</option>
          </LabeledSelect>
        </SimpleGrid>
        <HStack gap={6}>
          <Checkbox.Root size="sm" checked={taxable} onCheckedChange={(c) => setTaxable(c.checked === true)}>
            <Checkbox.HiddenInput />
            <Checkbox.Control />
            <Checkbox.Label>Taxable</Checkbox.Label>
          </Checkbox.Root>
          <Scope allFacilities={all} onChange={setAll} />
        </HStack>
        <FormError message={error ?? save.error?.message ?? null} />
        <HStack>
          <Button type="submit" size="xs" colorPalette="blue" loading={save.isPending}>
            {fee ? "Save fee" : "Add fee"}
          </Button>
          <Button size="xs" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        </HStack>
      </Stack>
    </form>
  );
}

function PlanForm({ facilityId, plan, onDone }: { facilityId: string; plan?: Plan; onDone: () => void }) {
  const { save } = useRateItems();
  const [all, setAll] = useState(plan ? plan.facilityId === null : false);
  const [error, setError] = useState<string | null>(null);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const d = new FormData(e.currentTarget);
    const coverage = readDollars(String(d.get("coverage") ?? ""), "Coverage");
    const monthly = readDollars(String(d.get("monthly") ?? ""), "Monthly price");
    if (!coverage.ok) return setError(coverage.error);
    if (!monthly.ok) return setError(monthly.error);
    const data = {
      name: String(d.get("name") ?? "").trim(),
      coverageCents: coverage.value,
      monthlyCents: monthly.value,
      facilityId: all ? null : facilityId,
      active: plan?.active ?? true,
    };
    save.mutate({ kind: "protection_plan", id: plan?.id, data }, { onSuccess: onDone });
  }
  return (
    <form
      onSubmit={onSubmit}
      aria-label={plan ? `Edit protection plan ${plan.name}` : "Add a protection plan"}
      noValidate
    >
      <Stack gap={2} borderWidth="1px" borderRadius="md" p={3}>
        <SimpleGrid columns={{ base: 1, md: 3 }} gap={2}>
          <TextField label="Plan name" name="name" size="sm" required defaultValue={plan?.name ?? ""} />
          <TextField
            label="Coverage ($)"
            name="coverage"
            size="sm"
            inputMode="decimal"
            required
            defaultValue={plan ? dollars(plan.coverageCents) : ""}
          />
          <TextField
            label="Monthly price ($)"
            name="monthly"
            size="sm"
            inputMode="decimal"
            required
            defaultValue={plan ? dollars(plan.monthlyCents) : ""}
          />
        </SimpleGrid>
        <Scope allFacilities={all} onChange={setAll} />
        <FormError message={error ?? save.error?.message ?? null} />
        <HStack>
          <Button type="submit" size="xs" colorPalette="blue" loading={save.isPending}>
            {plan ? "Save plan" : "Add plan"}
          </Button>
          <Button size="xs" variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        </HStack>
      </Stack>
    </form>
  );
}

type Item = { id: string; name: string; active: boolean; facilityId: string | null };

/** One kind of rate item: its rows (edit, pause or resume, delete) and the form to add one. */
function ItemList<T extends Item>({
  title,
  label,
  addLabel,
  empty,
  items,
  manage,
  form,
  detail,
  onToggle,
  onDelete,
}: {
  title: string;
  label: string;
  addLabel: string;
  empty: string;
  items: T[];
  manage: boolean;
  form: (item: T | undefined, onDone: () => void) => ReactNode;
  detail: (item: T) => string;
  onToggle: (item: T) => void;
  onDelete: (item: T) => void;
}) {
  const [editing, setEditing] = useState<string | null>(null); // an item id, or "new"
  const done = () => setEditing(null);
  return (
    <Stack gap={2} aria-label={label}>
      <Flex justify="space-between" align="center">
        <Text fontWeight="medium">{title}</Text>
        {manage && editing !== "new" ? (
          <Button size="xs" variant="outline" onClick={() => setEditing("new")}>
            {addLabel}
          </Button>
        ) : null}
      </Flex>
      {editing === "new" ? form(undefined, done) : null}
      {items.length === 0 ? (
        <Text fontSize="sm" color="fg.muted">
          {empty}
        </Text>
      ) : null}
      {items.map((item) =>
        editing === item.id ? (
          <Box key={item.id}>{form(item, done)}</Box>
        ) : (
          <Flex
            key={item.id}
            justify="space-between"
            align="center"
            borderWidth="1px"
            borderRadius="md"
            p={2}
            gap={2}
            wrap="wrap"
          >
            <Text fontSize="sm">
              <strong>{item.name}</strong> · {detail(item)}{" "}
              {item.facilityId === null ? (
                <Badge size="sm" colorPalette="purple">
                  all facilities
                </Badge>
              ) : null}{" "}
              {item.active ? null : <Badge size="sm">paused</Badge>}
            </Text>
            {manage ? (
              <HStack gap={1}>
                <Button size="xs" variant="ghost" aria-label={`Edit ${item.name}`} onClick={() => setEditing(item.id)}>
                  Edit
                </Button>
                <Button
                  size="xs"
                  variant="outline"
                  aria-label={`${item.active ? "Pause" : "Resume"} ${item.name}`}
                  onClick={() => onToggle(item)}
                >
                  {item.active ? "Pause" : "Resume"}
                </Button>
                <ConfirmButton
                  size="xs"
                  variant="ghost"
                  colorPalette="red"
                  aria-label={`Delete ${item.name}`}
                  title={`Delete "${item.name}"?`}
                  onConfirm={() => onDelete(item)}
                >
                  Delete
                </ConfirmButton>
              </HStack>
            ) : null}
          </Flex>
        ),
      )}
    </Stack>
  );
}

/**
 * One-time fees charged at move-in (beyond the facility's admin fee and deposit, set on the
 * facility) and protection-plan tiers, as the quote and the agent use them.
 */
export function FeesAndPlans({ facilityId }: { facilityId: string }) {
  const org = useOrg();
  const manage = org.can("manager");
  const rates = api.inventory.rates.useQuery();
  const { save, remove } = useRateItems();
  const here = <T extends { facilityId: string | null }>(xs: T[] | undefined) =>
    (xs ?? []).filter((x) => x.facilityId === null || x.facilityId === facilityId);
  const fees = here(rates.data?.fees);
  const plans = here(rates.data?.protectionPlans);

  return (
    <Card.Root>
      <Card.Body>
        <Heading as="h2" size="md" mb={4}>
          Fees and protection plans
        </Heading>
        <FormError message={(save.error ?? remove.error)?.message ?? null} />
        <SimpleGrid columns={{ base: 1, xl: 2 }} gap={8} alignItems="start">
          <ItemList
            title="Fees at move-in"
            label="Fees"
            addLabel="Add fee"
            empty="No extra fees."
            items={fees}
            manage={manage}
            form={(fee, onDone) => <FeeForm facilityId={facilityId} fee={fee} onDone={onDone} />}
            detail={(f) =>
              `${money(f.amountCents)}${f.kind === "admin" ? " admin" : ""}${f.taxable ? " · taxable" : ""}`
            }
            onToggle={({ id, name, kind, amountCents, taxable, facilityId: fid, active }) =>
              save.mutate({
                kind: "fee",
                id,
                data: { name, kind, amountCents, taxable, facilityId: fid, active: !active },
              })
            }
            onDelete={(f) => remove.mutate({ kind: "fee", id: f.id })}
          />
          <ItemList
            title="Protection plans"
            label="Protection plans"
            addLabel="Add plan"
            empty="No protection plans."
            items={plans}
            manage={manage}
            form={(plan, onDone) => <PlanForm facilityId={facilityId} plan={plan} onDone={onDone} />}
            detail={(p) => `${money(p.coverageCents)} coverage for ${money(p.monthlyCents)}/month`}
            onToggle={({ id, name, coverageCents, monthlyCents, facilityId: fid, active }) =>
              save.mutate({
                kind: "protection_plan",
                id,
                data: { name, coverageCents, monthlyCents, facilityId: fid, active: !active },
              })
            }
            onDelete={(p) => remove.mutate({ kind: "protection_plan", id: p.id })}
          />
        </SimpleGrid>
        {manage ? null : (
          <Box mt={3}>
            <Text fontSize="sm" color="fg.muted">
              Managers and above can change fees and protection plans.
            </Text>
          </Box>
        )}
      </Card.Body>
    </Card.Root>
  );
}
