"use client";

import { Box, Button, Card, Checkbox, Field, Heading, HStack, SimpleGrid, Stack, Textarea } from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { FormError, Notice } from "@/components/ui/states";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { TextField } from "@/components/ui/text-field";
import { toE164 } from "@/lib/normalize-phone";
import { slugify } from "@/lib/slug";
import { api } from "@/lib/trpc";

import { dollars, readDollars, readInt, readList, readPercent } from "./form-values";
import { readWeekHours, weekFrom } from "./hours-model";
import { HoursPicker } from "./hours-picker";
import type { RouterOutputs } from "./types";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Facility = RouterOutputs["facilities"]["get"];
type Saved = RouterOutputs["facilities"]["create"];

/** Time zones offered first; any IANA name can still be typed by choosing "Other". */
const TIME_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Puerto_Rico",
  "UTC",
];

/**
 * Create or edit a facility: address, time zone, phone, office and access hours per weekday,
 * amenities, directions, and the money and hold settings the pricing engine reads. The server
 * validates again (and enforces the plan's facility limit); its message is shown as is.
 */
export function FacilityForm({
  facility,
  onSaved,
  onCancel,
  onDeleted,
}: {
  facility?: Facility;
  onSaved: (f: Saved) => void;
  onCancel?: () => void;
  onDeleted?: () => void;
}) {
  const utils = api.useUtils();
  const org = useOrg();
  const editing = Boolean(facility);
  // A PMS-managed facility: its name, address, phone and time zone are the PMS's (read-only here,
  // left out of the patch); hours, fees, amenities, directions and the agent's settings are ours.
  const managedBy = facility?.managedBy ?? null;
  const synced = managedBy ? { readOnly: true, helper: `Managed in ${managedBy}` } : {};
  // The transfer number lives in the facility's agent settings (Settings > Agent has the rest:
  // more numbers to ring, greeting, after hours); managers and up may change them.
  const canSetTransfer = org.can("manager");
  const agent = api.agent.facilitySettings.useQuery(
    { facilityId: facility?.id ?? "" },
    { enabled: Boolean(facility) && canSetTransfer },
  );
  const [transfer, setTransfer] = useState<string | null>(null);
  const transferText = transfer ?? agent.data?.transferPhones[0] ?? "";
  const saveAgent = api.agent.updateFacilitySettings.useMutation();
  const [name, setName] = useState(facility?.name ?? "");
  const [slug, setSlug] = useState(facility?.slug ?? "");
  const [slugTouched, setSlugTouched] = useState(editing);
  const [timeZone, setTimeZone] = useState(facility?.timeZone ?? "America/Chicago");
  const [office, setOffice] = useState(() => weekFrom(facility?.officeHours));
  const [access, setAccess] = useState(() => weekFrom(facility?.accessHours));
  const [billingMode, setBillingMode] = useState<"first_of_month" | "anniversary">(
    facility?.billingMode ?? "first_of_month",
  );
  const [active, setActive] = useState(facility?.active ?? true);
  const [moveInWithoutStaff, setMoveInWithoutStaff] = useState(facility?.moveInWithoutStaff ?? false);
  const [error, setError] = useState<string | null>(null);
  const onSuccess = async (f: Saved) => {
    // A new facility gets its transfer number once it exists (nothing else can refuse it then: it has no lines yet).
    if (!facility && canSetTransfer && transferText.trim()) {
      try {
        await saveAgent.mutateAsync({ facilityId: f.id, transferPhones: [transferText.trim()] });
      } catch {
        // shown by the form; the facility is saved and its agent settings page can take the number
      }
    }
    await utils.facilities.invalidate();
    await utils.agent.facilitySettings.invalidate();
    onSaved(f);
  };
  const create = api.facilities.create.useMutation({ onSuccess });
  const update = api.facilities.update.useMutation({ onSuccess });
  // Refused by the server while the facility has reservations or rentals (deactivate it instead).
  const remove = api.facilities.delete.useMutation({
    onSuccess: () => {
      onDeleted?.();
      void utils.facilities.list.invalidate();
    },
  });
  const pending = create.isPending || update.isPending || saveAgent.isPending;
  const zoneChoices = TIME_ZONES.includes(timeZone) ? TIME_ZONES : [timeZone, ...TIME_ZONES];

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const d = new FormData(e.currentTarget);
    const text = (k: string) => String(d.get(k) ?? "").trim();
    const officeHours = readWeekHours(office, "Office hours");
    const accessHours = readWeekHours(access, "Access hours");
    const adminFee = readDollars(text("adminFee") || "0", "Admin fee");
    const deposit = readDollars(text("deposit") || "0", "Deposit");
    const tax = readPercent(text("tax") || "0", "Tax rate");
    const hold = readInt(text("holdPeriodDays") || "7", "Hold period", 0, 90);
    // The form does its own checking (noValidate), so the name's minimum is said here in words.
    if (name.trim().length < 2) return setError("Facility name: enter at least 2 characters.");
    for (const r of [officeHours, accessHours, adminFee, deposit, tax, hold]) if (!r.ok) return setError(r.error);
    if (!officeHours.ok || !accessHours.ok || !adminFee.ok || !deposit.ok || !tax.ok || !hold.ok) return;
    if (canSetTransfer && transferText.trim() && !toE164(transferText))
      return setError(`Transfer calls to: "${transferText.trim()}" is not a phone number; enter it like +15125550123.`);
    const fields = {
      name: name.trim(),
      addressLine1: text("addressLine1"),
      addressLine2: text("addressLine2") || null,
      city: text("city"),
      state: text("state"),
      postalCode: text("postalCode"),
      timeZone,
      phone: text("phone") || null,
      officeHours: officeHours.value,
      accessHours: accessHours.value,
      amenities: readList(text("amenities")),
      directions: text("directions") || null,
      holdPeriodDays: hold.value,
      moveInWithoutStaff,
      billingMode,
      adminFeeCents: adminFee.value,
      depositCents: deposit.value,
      taxRateBps: tax.value,
    };
    if (facility) {
      // The transfer number first: refused (the agent's own line), nothing is saved and the form says why.
      // Saved before the settings had loaded, the typed number would be dropped without a word: wait for them.
      const current = canSetTransfer ? (agent.data ?? (await agent.refetch()).data) : undefined;
      if (canSetTransfer && !current)
        return setError("The facility's agent settings could not be loaded, so nothing was saved. Try again.");
      if (canSetTransfer && current && transferText.trim() !== (current.transferPhones[0] ?? "")) {
        const rest = current.transferPhones.slice(1);
        try {
          await saveAgent.mutateAsync({
            facilityId: facility.id,
            transferPhones: transferText.trim() ? [transferText.trim(), ...rest] : rest,
            greeting: current.greeting,
            transferMode: current.transferMode,
            afterHours: current.afterHours,
            promotionMention: current.promotionMention,
          });
        } catch {
          return;
        }
      }
      const patch: Partial<typeof fields> = { ...fields };
      if (managedBy)
        for (const k of ["name", "addressLine1", "city", "state", "postalCode", "timeZone", "phone"] as const)
          delete patch[k];
      update.mutate({ facilityId: facility.id, patch: { ...patch, slug: slug.trim(), active } });
    } else create.mutate({ ...fields, slug: slug.trim() || slugify(name) });
  }

  return (
    <Card.Root>
      <Card.Body>
        <form onSubmit={(e) => void onSubmit(e)} aria-label={editing ? "Edit facility" : "New facility"} noValidate>
          <Stack gap={6}>
            {editing ? (
              <Heading as="h2" size="md">
                Edit facility
              </Heading>
            ) : null}
            {managedBy ? (
              <Notice title={`Managed in ${managedBy}`}>
                The name, address, phone and time zone come from {managedBy}: change them there and they sync here.
                Hours, amenities, directions, fees and the agent&apos;s settings are yours to edit here.
              </Notice>
            ) : null}
            <SimpleGrid columns={{ base: 1, md: 2 }} gap={4}>
              <TextField
                label="Facility name"
                required
                {...synced}
                value={name}
                onChange={(e) => {
                  setName(e.currentTarget.value);
                  if (!slugTouched) setSlug(slugify(e.currentTarget.value));
                }}
              />
              <TextField
                label="Short name (URL and import key)"
                helper="Lower-case letters, digits and dashes."
                value={slug}
                onChange={(e) => {
                  setSlugTouched(true);
                  setSlug(e.currentTarget.value);
                }}
              />
              <TextField
                label="Street address"
                name="addressLine1"
                {...synced}
                defaultValue={facility?.addressLine1 ?? ""}
              />
              <TextField label="Address line 2" name="addressLine2" defaultValue={facility?.addressLine2 ?? ""} />
              <TextField label="City" name="city" {...synced} defaultValue={facility?.city ?? ""} />
              <HStack align="start">
                <TextField label="State" name="state" {...synced} defaultValue={facility?.state ?? ""} />
                <TextField
                  label="Postal code"
                  name="postalCode"
                  {...synced}
                  defaultValue={facility?.postalCode ?? ""}
                />
              </HStack>
              {managedBy ? (
                <TextField label="Time zone" {...synced} value={timeZone.replace(/_/g, " ")} />
              ) : (
                <LabeledSelect label="Time zone" value={timeZone} onChange={setTimeZone} size="md">
                  {zoneChoices.map((z) => (
                    <option key={z} value={z}>
                      {z.replace(/_/g, " ")}
                    </option>
                  ))}
                </LabeledSelect>
              )}
              <TextField
                label="Phone"
                name="phone"
                {...synced}
                type="tel"
                defaultValue={facility?.phone ?? ""}
                helper={managedBy ? `Managed in ${managedBy}` : "Shown to callers; any US format."}
              />
              {canSetTransfer ? (
                <TextField
                  label="Transfer calls to"
                  type="tel"
                  value={transferText}
                  onChange={(e) => setTransfer(e.currentTarget.value)}
                  placeholder="+15125550123"
                  helper="A person at the facility: the agent transfers callers who ask for one here (not your AI line). More numbers and the rest in Settings > Agent."
                />
              ) : null}
            </SimpleGrid>
            <SimpleGrid columns={{ base: 1, "2xl": 2 }} gap={6}>
              <HoursPicker title="Office hours" prefix="Office hours" value={office} onChange={setOffice} />
              <HoursPicker title="Access hours (gate)" prefix="Access hours" value={access} onChange={setAccess} />
            </SimpleGrid>
            <SimpleGrid columns={{ base: 1, md: 2 }} gap={4}>
              <TextField
                label="Amenities"
                name="amenities"
                defaultValue={facility?.amenities.join(", ") ?? ""}
                helper="Comma-separated, e.g. Gated access, Cameras, Truck rental."
              />
              <Field.Root>
                <Field.Label>Directions</Field.Label>
                <Textarea name="directions" defaultValue={facility?.directions ?? ""} rows={3} />
              </Field.Root>
            </SimpleGrid>
            <Box as="fieldset">
              <Heading as="legend" size="sm" mb={2}>
                Move-in charges and holds
              </Heading>
              <SimpleGrid columns={{ base: 1, sm: 2, lg: 5 }} gap={4}>
                <TextField
                  label="Admin fee ($)"
                  name="adminFee"
                  inputMode="decimal"
                  defaultValue={dollars(facility?.adminFeeCents ?? 0)}
                />
                <TextField
                  label="Deposit ($)"
                  name="deposit"
                  inputMode="decimal"
                  defaultValue={dollars(facility?.depositCents ?? 0)}
                />
                <TextField
                  label="Tax rate (%)"
                  name="tax"
                  inputMode="decimal"
                  defaultValue={((facility?.taxRateBps ?? 0) / 100).toString()}
                />
                <TextField
                  label="Hold period (days)"
                  name="holdPeriodDays"
                  type="number"
                  min={0}
                  max={90}
                  defaultValue={String(facility?.holdPeriodDays ?? 7)}
                />
                <LabeledSelect
                  label="Billing"
                  value={billingMode}
                  onChange={(v) => setBillingMode(v as typeof billingMode)}
                  size="md"
                >
                  <option value="first_of_month">1st of the month (prorated)</option>
                  <option value="anniversary">Anniversary (move-in day)</option>
                </LabeledSelect>
              </SimpleGrid>
            </Box>
            <Checkbox.Root
              checked={moveInWithoutStaff}
              onCheckedChange={(c) => setMoveInWithoutStaff(c.checked === true)}
            >
              <Checkbox.HiddenInput />
              <Checkbox.Control />
              <Checkbox.Label>
                Tenants can move in without staff (contactless or online move-in): the agent books move-ins on days the
                office is closed
              </Checkbox.Label>
            </Checkbox.Root>
            {editing ? (
              <Checkbox.Root checked={active} onCheckedChange={(c) => setActive(c.checked === true)}>
                <Checkbox.HiddenInput />
                <Checkbox.Control />
                <Checkbox.Label>Active (takes calls and bookings; counts toward the plan)</Checkbox.Label>
              </Checkbox.Root>
            ) : null}
            <FormError
              message={
                error ??
                saveAgent.error?.message ??
                create.error?.message ??
                update.error?.message ??
                remove.error?.message ??
                null
              }
            />
            <HStack>
              <Button type="submit" colorPalette="blue" loading={pending}>
                {editing ? "Save facility" : "Create facility"}
              </Button>
              {onCancel ? (
                <Button variant="ghost" onClick={onCancel}>
                  Cancel
                </Button>
              ) : null}
              {facility && onDeleted && !managedBy ? (
                <ConfirmButton
                  ml="auto"
                  variant="outline"
                  colorPalette="red"
                  loading={remove.isPending}
                  title={`Delete ${facility.name} with its unit types and units?`}
                  detail="This cannot be undone."
                  onConfirm={() => remove.mutate({ facilityId: facility.id })}
                >
                  Delete facility
                </ConfirmButton>
              ) : null}
            </HStack>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}
