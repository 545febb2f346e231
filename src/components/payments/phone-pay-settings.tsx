"use client";

import { Badge, Button, Card, Checkbox, Code, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { SaveOutcome } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

/** Settings > Payments > Payments by phone: the switch and the Twilio Pay Connector's name. */
export function PhonePaySettings() {
  const q = api.payments.phonePaySettings.useQuery();
  return q.data ? <PhonePayForm key={JSON.stringify(q.data)} initial={q.data} /> : null;
}

function PhonePayForm({ initial }: { initial: { enabled: boolean; connector: string; active: boolean } }) {
  const utils = api.useUtils();
  const isAdmin = useOrg().can("admin");
  const save = api.payments.updatePhonePaySettings.useMutation({
    onSuccess: () => utils.payments.phonePaySettings.invalidate(),
  });
  const [enabled, setEnabled] = useState(initial.enabled);
  const [connector, setConnector] = useState(initial.connector);
  return (
    <Card.Root>
      <Card.Body>
        <form
          aria-label="Payments by phone"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ enabled, connector });
          }}
        >
          <Stack gap={3}>
            <Text fontWeight="semibold">
              Payments by phone{" "}
              <Badge colorPalette={initial.active ? "green" : "gray"}>{initial.active ? "On" : "Off"}</Badge>
            </Text>
            <Text fontSize="sm" color="fg.muted">
              A verified caller with a balance can pay on the call: the agent hands them to Twilio&apos;s secure keypad
              entry (card number, expiry, security code, ZIP), charged on your Stripe account through the Pay Connector
              installed on your Twilio account (Twilio Console &gt; Voice &gt; Pay Connectors &gt; Stripe). The agent
              never hears the card. Off, or without a connected Stripe account, the agent texts a payment link instead.
            </Text>
            <SaveOutcome error={save.error} succeeded={save.isSuccess} saved="Saved." />
            <Checkbox.Root
              checked={enabled}
              disabled={!isAdmin}
              onCheckedChange={(e) => setEnabled(e.checked === true)}
            >
              <Checkbox.HiddenInput />
              <Checkbox.Control />
              <Checkbox.Label>Take payments by phone</Checkbox.Label>
            </Checkbox.Root>
            <TextField
              label="Pay Connector name"
              value={connector}
              disabled={!isAdmin}
              maxLength={64}
              onChange={(e) => setConnector(e.target.value)}
              helper="The unique name you gave the Stripe Pay Connector in Twilio (default Stripe_Connector)."
            />
            {enabled && !initial.active && initial.enabled ? (
              <Text fontSize="sm" color="fg.warning">
                On, but not in use: connect a Stripe account that can take charges (above).
              </Text>
            ) : null}
            {isAdmin ? (
              <Button type="submit" alignSelf="flex-start" loading={save.isPending}>
                Save payments by phone
              </Button>
            ) : (
              <Text fontSize="sm" color="fg.muted">
                Owners and admins change this. Connector: <Code>{initial.connector}</Code>
              </Text>
            )}
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}
