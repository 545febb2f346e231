"use client";

import { Button, Card, Flex, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { money, todayIso } from "@/components/inventory/format";
import { ErrorState, FormError, Loading, Notice, PageHeader } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { api } from "@/lib/trpc";

import { QuoteLines } from "./quote-lines";

const CHANNELS = ["phone", "walk_in", "web", "sms", "chat"] as const;
type Channel = (typeof CHANNELS)[number];

/** Pick a unit type and date, see the live quote from the pricing engine, then hold a unit. */
export function NewReservation() {
  const org = useOrg();
  const router = useRouter();
  const params = useSearchParams();
  const utils = api.useUtils();
  const facilities = api.facilities.list.useQuery();
  const [chosenFacility, setFacilityId] = useState(params.get("facilityId") ?? "");
  const [chosenType, setUnitTypeId] = useState(params.get("unitTypeId") ?? "");
  const [moveInDate, setMoveInDate] = useState(todayIso());
  const [channel, setChannel] = useState<Channel>("phone");
  // Derived defaults: the only facility, and the first bookable type of the chosen facility.
  const facilityId = chosenFacility || (facilities.data?.length === 1 ? facilities.data[0]!.id : "");
  const types = api.inventory.availability.useQuery({ facilityId }, { enabled: Boolean(facilityId) });
  const unitTypeId = types.data?.some((t) => t.unitTypeId === chosenType)
    ? chosenType
    : (types.data?.find((t) => t.available > 0 && t.active)?.unitTypeId ?? "");
  const quote = api.inventory.quote.useQuery(
    { unitTypeId, channel, moveInDate },
    { enabled: Boolean(unitTypeId && /^\d{4}-\d{2}-\d{2}$/.test(moveInDate)) },
  );
  const create = api.reservations.create.useMutation({
    onSuccess: async (res) => {
      await utils.reservations.invalidate();
      await utils.inventory.availability.invalidate();
      router.push(org.href(`/reservations/${res.reservation.id}`));
    },
  });

  if (!org.can("manager")) return <Notice title="Only managers and above can make reservations." />;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const get = (k: string) => String(data.get(k) ?? "").trim() || null;
    create.mutate({
      unitTypeId,
      moveInDate,
      channel,
      customer: { name: get("name") ?? undefined, phone: get("phone"), email: get("email") },
    });
  }

  return (
    <Stack gap={6}>
      <PageHeader
        title="New reservation"
        description="Hold a unit for a customer until the facility's hold period ends."
      />
      {facilities.isLoading ? <Loading label="Loading facilities" /> : null}
      {facilities.error ? <ErrorState error={facilities.error} onRetry={() => facilities.refetch()} /> : null}
      <SimpleGrid columns={{ base: 1, lg: 2 }} gap={6} alignItems="start">
        <Card.Root>
          <Card.Body>
            <form onSubmit={onSubmit} aria-label="New reservation">
              <Stack gap={4}>
                <LabeledSelect
                  size="md"
                  label="Facility"
                  value={facilityId}
                  onChange={(v) => {
                    setFacilityId(v);
                    setUnitTypeId("");
                  }}
                >
                  <option value="">Choose a facility</option>
                  {facilities.data?.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.name}
                    </option>
                  ))}
                </LabeledSelect>
                <LabeledSelect size="md" label="Unit type" value={unitTypeId} onChange={setUnitTypeId}>
                  <option value="">{facilityId ? "Choose a unit type" : "Choose a facility first"}</option>
                  {types.data?.map((t) => (
                    <option key={t.unitTypeId} value={t.unitTypeId} disabled={t.available === 0 || !t.active}>
                      {t.name} ({t.widthFt}×{t.lengthFt}) · {money(t.webRateCents)} web / {money(t.streetRateCents)}{" "}
                      street · {t.available} free
                    </option>
                  ))}
                </LabeledSelect>
                <Flex gap={4} direction={{ base: "column", md: "row" }}>
                  <TextField
                    label="Move-in date"
                    type="date"
                    value={moveInDate}
                    onChange={(e) => setMoveInDate(e.currentTarget.value)}
                    required
                  />
                  <LabeledSelect size="md" label="Channel" value={channel} onChange={(v) => setChannel(v as Channel)}>
                    {CHANNELS.map((c) => (
                      <option key={c} value={c}>
                        {c.replace("_", " ")}
                      </option>
                    ))}
                  </LabeledSelect>
                </Flex>
                <TextField label="Customer name" name="name" required autoComplete="off" />
                <Flex gap={4} direction={{ base: "column", md: "row" }}>
                  <TextField label="Customer phone" name="phone" type="tel" autoComplete="off" />
                  <TextField label="Customer e-mail" name="email" type="email" autoComplete="off" />
                </Flex>
                <FormError message={create.error?.message ?? null} />
                <Button type="submit" colorPalette="blue" loading={create.isPending} disabled={!unitTypeId}>
                  Reserve
                </Button>
              </Stack>
            </form>
          </Card.Body>
        </Card.Root>
        <Card.Root aria-label="Quote preview">
          <Card.Body>
            <Text fontWeight="semibold" mb={3}>
              Quote preview
            </Text>
            {!unitTypeId ? <Text color="fg.muted">Choose a unit type to see the price.</Text> : null}
            {quote.isFetching && !quote.data ? <Loading label="Pricing" /> : null}
            {quote.error ? <FormError message={quote.error.message} /> : null}
            {quote.data && unitTypeId ? <QuoteLines quote={quote.data} title="Quote preview lines" /> : null}
          </Card.Body>
        </Card.Root>
      </SimpleGrid>
    </Stack>
  );
}
