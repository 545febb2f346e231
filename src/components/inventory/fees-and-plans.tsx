"use client";

import { Badge, Box, Button, Card, Checkbox, Flex, Heading, HStack, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { FormError } from "@/components/ui/states";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

import { money } from "./format";
import { dollars, readDollars } from "./form-values";
import type { RouterOutputs } from "./types";

type Rates = RouterOutputs["inventory"]["rates"];
type Fee = Rates["fees"][number];
type Plan = Rates["protectionPlans"][number];

function useRateItems() {
  const utils = api.useUtils();
  const onSuccess = () => utils.inventory.invalidate();
  return { save: api.inventory.saveRateItem.useMutation({ onSuccess }), remove: api.inventory.deleteRateItem.useMutation({ onSuccess }) };
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
    const data = { name: String(d.get("name") ?? "").trim(), kind, amountCents: amount.value, taxable, facilityId: all ? null : facilityId, active: fee?.active ?? true };
    save.mutate({ kind: "fee", id: fee?.id, data }, { onSuccess: onDone });
  }
  return (
    <form onSubmit={onSubmit} aria-label={fee ? `Edit fee ${fee.name}` : "Add a fee"} noValidate>
      <Stack gap={2} borderWidth="1px" borderRadius="md" p={3}>
        <SimpleGrid columns={{ base: 1, md: 3 }} gap={2}>
          <TextField label="Fee name" name="name" size="sm" required defaultValue={fee?.name ?? ""} />
          <TextField label="Amount ($)" name="amount" size="sm" inputMode="decimal" required defaultValue={fee ? dollars(fee.amountCents) : ""} />
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
    const data = { name: String(d.get("name") ?? "").trim(), coverageCents: coverage.value, monthlyCents: monthly.value, facilityId: all ? null : facilityId, active: plan?.active ?? true };
    save.mutate({ kind: "protection_plan", id: plan?.id, data }, { onSuccess: onDone });
  }
  return (
    <form onSubmit={onSubmit} aria-label={plan ? `Edit protection plan ${plan.name}` : "Add a protection plan"} noValidate>
      <Stack gap={2} borderWidth="1px" borderRadius="md" p={3}>
        <SimpleGrid columns={{ base: 1, md: 3 }} gap={2}>
          <TextField label="Plan name" name="name" size="sm" required defaultValue={plan?.name ?? ""} />
          <TextField label="Coverage ($)" name="coverage" size="sm" inputMode="decimal" required defaultValue={plan ? dollars(plan.coverageCents) : ""} />
          <TextField label="Monthly price ($)" name="monthly" size="sm" inputMode="decimal" required defaultValue={plan ? dollars(plan.monthlyCents) : ""} />
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

function ItemRow({ name, detail, active, global, manage, onEdit, onToggle, onDelete }: {
  name: string; detail: string; active: boolean; global: boolean; manage: boolean; onEdit: () => void; onToggle: () => void; onDelete: () => void;
}) {
  return (
    <Flex justify="space-between" align="center" borderWidth="1px" borderRadius="md" p={2} gap={2} wrap="wrap">
      <Text fontSize="sm">
        <strong>{name}</strong> · {detail} {global ? <Badge size="sm" colorPalette="purple">all facilities</Badge> : null} {active ? null : <Badge size="sm">paused</Badge>}
      </Text>
      {manage ? (
        <HStack gap={1}>
          <Button size="xs" variant="ghost" aria-label={`Edit ${name}`} onClick={onEdit}>
            Edit
          </Button>
          <Button size="xs" variant="outline" aria-label={`${active ? "Pause" : "Resume"} ${name}`} onClick={onToggle}>
            {active ? "Pause" : "Resume"}
          </Button>
          <Button size="xs" variant="ghost" colorPalette="red" aria-label={`Delete ${name}`} onClick={() => confirm(`Delete "${name}"?`) && onDelete()}>
            Delete
          </Button>
        </HStack>
      ) : null}
    </Flex>
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
  const [editing, setEditing] = useState<string | null>(null); // item id, "new-fee" or "new-plan"
  const here = <T extends { facilityId: string | null }>(xs: T[] | undefined) => (xs ?? []).filter((x) => x.facilityId === null || x.facilityId === facilityId);
  const fees = here(rates.data?.fees);
  const plans = here(rates.data?.protectionPlans);
  const done = () => setEditing(null);

  return (
    <Card.Root>
      <Card.Body>
        <Heading as="h2" size="md" mb={4}>
          Fees and protection plans
        </Heading>
        <FormError message={(save.error ?? remove.error)?.message ?? null} />
        <SimpleGrid columns={{ base: 1, xl: 2 }} gap={8} alignItems="start">
          <Stack gap={2} aria-label="Fees">
            <Flex justify="space-between" align="center">
              <Text fontWeight="medium">Fees at move-in</Text>
              {manage && editing !== "new-fee" ? (
                <Button size="xs" variant="outline" onClick={() => setEditing("new-fee")}>
                  Add fee
                </Button>
              ) : null}
            </Flex>
            {editing === "new-fee" ? <FeeForm facilityId={facilityId} onDone={done} /> : null}
            {fees.length === 0 ? <Text fontSize="sm" color="fg.muted">No extra fees.</Text> : null}
            {fees.map((f) =>
              editing === f.id ? (
                <FeeForm key={f.id} facilityId={facilityId} fee={f} onDone={done} />
              ) : (
                <ItemRow
                  key={f.id}
                  name={f.name}
                  detail={`${money(f.amountCents)}${f.kind === "admin" ? " admin" : ""}${f.taxable ? " · taxable" : ""}`}
                  active={f.active}
                  global={f.facilityId === null}
                  manage={manage}
                  onEdit={() => setEditing(f.id)}
                  onToggle={() => {
                    const { name, kind, amountCents, taxable, facilityId: fid } = f;
                    save.mutate({ kind: "fee", id: f.id, data: { name, kind, amountCents, taxable, facilityId: fid, active: !f.active } });
                  }}
                  onDelete={() => remove.mutate({ kind: "fee", id: f.id })}
                />
              ),
            )}
          </Stack>
          <Stack gap={2} aria-label="Protection plans">
            <Flex justify="space-between" align="center">
              <Text fontWeight="medium">Protection plans</Text>
              {manage && editing !== "new-plan" ? (
                <Button size="xs" variant="outline" onClick={() => setEditing("new-plan")}>
                  Add plan
                </Button>
              ) : null}
            </Flex>
            {editing === "new-plan" ? <PlanForm facilityId={facilityId} onDone={done} /> : null}
            {plans.length === 0 ? <Text fontSize="sm" color="fg.muted">No protection plans.</Text> : null}
            {plans.map((p) =>
              editing === p.id ? (
                <PlanForm key={p.id} facilityId={facilityId} plan={p} onDone={done} />
              ) : (
                <ItemRow
                  key={p.id}
                  name={p.name}
                  detail={`${money(p.coverageCents)} coverage for ${money(p.monthlyCents)}/month`}
                  active={p.active}
                  global={p.facilityId === null}
                  manage={manage}
                  onEdit={() => setEditing(p.id)}
                  onToggle={() => {
                    const { name, coverageCents, monthlyCents, facilityId: fid } = p;
                    save.mutate({ kind: "protection_plan", id: p.id, data: { name, coverageCents, monthlyCents, facilityId: fid, active: !p.active } });
                  }}
                  onDelete={() => remove.mutate({ kind: "protection_plan", id: p.id })}
                />
              ),
            )}
          </Stack>
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
