"use client";

import { Button, Card, Checkbox, Field, HStack, Input, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { SaveOutcome } from "@/components/ui/states";
import { api } from "@/lib/trpc";

const STEPS = ["Text with a pay link", "E-mail", "Task for staff"] as const;

/** Settings > Payments > Collections: on/off and the days after the due date of each step. */
export function CollectionsSettings() {
  const q = api.payments.collectionSettings.useQuery();
  return q.data ? <CollectionsForm initial={q.data} /> : null;
}

function CollectionsForm({ initial }: { initial: { enabled: boolean; days: number[] } }) {
  const utils = api.useUtils();
  const save = api.payments.updateCollectionSettings.useMutation({
    onSuccess: () => utils.payments.collectionSettings.invalidate(),
  });
  const [enabled, setEnabled] = useState(initial.enabled);
  const [days, setDays] = useState(initial.days.map(String));
  return (
    <Card.Root>
      <Card.Body>
        <form
          aria-label="Collections"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ enabled, days: days.map((d) => (d.trim() === "" ? Number.NaN : Number(d))) });
          }}
        >
          <Stack gap={3}>
            <Text fontWeight="semibold">Collections</Text>
            <Text fontSize="sm" color="fg.muted">
              Tenants past due get a text with a secure pay link, then an e-mail, then staff get a task, on these days
              after the due date (10:00 facility time, inside your quiet hours). A payment, a STOP reply or a hold on
              the Collections page stops it.
            </Text>
            <SaveOutcome error={save.error} succeeded={save.isSuccess} saved="Saved. New cases use these days." />
            <Checkbox.Root checked={enabled} onCheckedChange={(e) => setEnabled(e.checked === true)}>
              <Checkbox.HiddenInput />
              <Checkbox.Control />
              <Checkbox.Label>Send collections reminders</Checkbox.Label>
            </Checkbox.Root>
            <HStack gap={4} wrap="wrap" align="flex-end">
              {STEPS.map((label, i) => (
                <Field.Root key={label} maxW="12rem">
                  <Field.Label>{label}: day</Field.Label>
                  <Input
                    type="number"
                    min={1}
                    max={120}
                    value={days[i] ?? ""}
                    disabled={!enabled}
                    onChange={(e) => setDays((d) => d.map((x, j) => (j === i ? e.target.value : x)))}
                  />
                </Field.Root>
              ))}
            </HStack>
            <Button type="submit" alignSelf="flex-start" loading={save.isPending}>
              Save collections
            </Button>
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}
