"use client";

import {
  Box,
  Button,
  Card,
  Checkbox,
  Field,
  Heading,
  HStack,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
} from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { FormError, Notice } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

import { label } from "./format";
import { dollars, readDollars, readInt } from "./form-values";
import type { RouterOutputs } from "./types";

type UnitType = RouterOutputs["inventory"]["unitTypes"][number];

/** The features the server accepts (UNIT_FEATURES), in the order operators think of them. */
const FEATURES = [
  "climate_controlled",
  "drive_up",
  "indoor",
  "outdoor",
  "ground_floor",
  "elevator",
  "power",
  "alarm",
  "vehicle_parking",
  "rv_parking",
] as const;
type Feature = (typeof FEATURES)[number];

/** Create or edit a unit type: size, features, "what fits", street and web rates. */
export function UnitTypeForm({
  facilityId,
  unitType,
  managedBy = null,
  onDone,
}: {
  facilityId: string;
  unitType?: UnitType;
  /** The PMS managing this unit type: only "what fits" is ours to edit, the rest is shown read-only. */
  managedBy?: string | null;
  onDone: () => void;
}) {
  const locked = Boolean(managedBy && unitType);
  const utils = api.useUtils();
  const [features, setFeatures] = useState<Set<Feature>>(new Set((unitType?.features ?? []) as Feature[]));
  const [active, setActive] = useState(unitType?.active ?? true);
  const [error, setError] = useState<string | null>(null);
  const onSuccess = async () => {
    await utils.inventory.invalidate();
    onDone();
  };
  const create = api.inventory.createUnitType.useMutation({ onSuccess });
  const update = api.inventory.updateUnitType.useMutation({ onSuccess });
  const what = unitType ? `Edit ${unitType.name}` : "New unit type";

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const d = new FormData(e.currentTarget);
    const text = (k: string) => String(d.get(k) ?? "").trim();
    if (locked && unitType)
      return update.mutate({ unitTypeId: unitType.id, patch: { whatFits: text("whatFits") || null } });
    const width = readInt(text("width"), "Width", 1, 500);
    const length = readInt(text("length"), "Length", 1, 500);
    const height = text("height") ? readInt(text("height"), "Height", 1, 100) : ({ ok: true, value: null } as const);
    const street = readDollars(text("street"), "Street rate");
    const web = readDollars(text("web"), "Web rate");
    for (const r of [width, length, height, street, web]) if (!r.ok) return setError(r.error);
    if (!width.ok || !length.ok || !height.ok || !street.ok || !web.ok) return;
    const name = text("name") || `${width.value}x${length.value}`;
    const fields = {
      name,
      widthFt: width.value,
      lengthFt: length.value,
      heightFt: height.value,
      features: [...features],
      whatFits: text("whatFits") || null,
      streetRateCents: street.value,
      webRateCents: web.value,
      active,
    };
    if (unitType) update.mutate({ unitTypeId: unitType.id, patch: fields });
    else create.mutate({ facilityId, ...fields });
  }

  return (
    <Card.Root variant="outline">
      <Card.Body>
        <form onSubmit={onSubmit} aria-label={what} noValidate>
          <Stack gap={4}>
            <Heading as="h3" size="sm">
              {what}
            </Heading>
            {locked ? (
              <Notice title={`Managed in ${managedBy}`}>
                Name, size, features, rates and whether it is offered are set in {managedBy} and sync here; change them
                there. “What fits” is yours to write here.
              </Notice>
            ) : null}
            <SimpleGrid columns={{ base: 2, md: 6 }} gap={3}>
              <Box gridColumn={{ base: "span 2", md: "span 2" }}>
                <TextField
                  label="Unit type name"
                  name="name"
                  size="sm"
                  readOnly={locked}
                  defaultValue={unitType?.name ?? ""}
                  helper="Blank: the size, e.g. 10x10."
                />
              </Box>
              <TextField
                label="Width (ft)"
                name="width"
                size="sm"
                readOnly={locked}
                inputMode="numeric"
                required
                defaultValue={unitType ? String(unitType.widthFt) : ""}
              />
              <TextField
                label="Length (ft)"
                name="length"
                size="sm"
                readOnly={locked}
                inputMode="numeric"
                required
                defaultValue={unitType ? String(unitType.lengthFt) : ""}
              />
              <TextField
                label="Height (ft)"
                name="height"
                size="sm"
                readOnly={locked}
                inputMode="numeric"
                defaultValue={unitType?.heightFt ? String(unitType.heightFt) : ""}
              />
              <Box />
              <TextField
                label="Street rate ($/month)"
                name="street"
                size="sm"
                readOnly={locked}
                inputMode="decimal"
                required
                defaultValue={unitType ? dollars(unitType.streetRateCents) : ""}
              />
              <TextField
                label="Web rate ($/month)"
                name="web"
                size="sm"
                readOnly={locked}
                inputMode="decimal"
                required
                defaultValue={unitType ? dollars(unitType.webRateCents) : ""}
              />
            </SimpleGrid>
            <Box as="fieldset">
              <Text as="legend" fontSize="sm" fontWeight="medium" mb={2}>
                Features
              </Text>
              <HStack wrap="wrap" gap={4}>
                {FEATURES.map((f) => (
                  <Checkbox.Root
                    key={f}
                    size="sm"
                    checked={features.has(f)}
                    disabled={locked}
                    onCheckedChange={(c) =>
                      setFeatures((s) => {
                        const n = new Set(s);
                        if (c.checked === true) n.add(f);
                        else n.delete(f);
                        return n;
                      })
                    }
                  >
                    <Checkbox.HiddenInput />
                    <Checkbox.Control />
                    <Checkbox.Label>{label(f)}</Checkbox.Label>
                  </Checkbox.Root>
                ))}
              </HStack>
            </Box>
            <Field.Root>
              <Field.Label>What fits</Field.Label>
              <Textarea
                name="whatFits"
                size="sm"
                rows={2}
                defaultValue={unitType?.whatFits ?? ""}
                placeholder="e.g. A one-bedroom apartment: bed, sofa, boxes."
              />
            </Field.Root>
            <Checkbox.Root
              size="sm"
              checked={active}
              disabled={locked}
              onCheckedChange={(c) => setActive(c.checked === true)}
            >
              <Checkbox.HiddenInput />
              <Checkbox.Control />
              <Checkbox.Label>Active (offered by the agent and bookable)</Checkbox.Label>
            </Checkbox.Root>
            <FormError message={error ?? create.error?.message ?? update.error?.message ?? null} />
            <HStack>
              <Button type="submit" size="sm" colorPalette="blue" loading={create.isPending || update.isPending}>
                {unitType ? "Save unit type" : "Add unit type"}
              </Button>
              <Button size="sm" variant="ghost" onClick={onDone}>
                Cancel
              </Button>
            </HStack>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}
