"use client";

import { Box, Button, Card, Flex, HStack, Stack, Text, Textarea } from "@chakra-ui/react";
import { useState, type FormEvent } from "react";

import { FormError, Notice } from "@/components/ui/states";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

type Provider = "storedge" | "stora";
/** What the forms send: the credential fields of the chosen PMS (never shown back once stored). */
export type CredentialsInput =
  | { provider: "storedge"; consumerKey: string; consumerSecret: string; facilityIds: string[] }
  | { provider: "stora"; accessToken?: string; clientId?: string; clientSecret?: string; webhookSecret?: string };

const opt = (v: FormDataEntryValue | null) => {
  const s = String(v ?? "").trim();
  return s ? s : undefined;
};

/** Reads the credential fields of `provider` from a form. */
export function credentialsFrom(form: HTMLFormElement, provider: Provider): CredentialsInput {
  const d = new FormData(form);
  if (provider === "storedge")
    return {
      provider,
      consumerKey: String(d.get("consumerKey") ?? "").trim(),
      consumerSecret: String(d.get("consumerSecret") ?? "").trim(),
      facilityIds: String(d.get("facilityIds") ?? "")
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    };
  return {
    provider,
    accessToken: opt(d.get("accessToken")),
    clientId: opt(d.get("clientId")),
    clientSecret: opt(d.get("clientSecret")),
    webhookSecret: opt(d.get("webhookSecret")),
  };
}

/** The credential inputs for one PMS. Secrets are password fields and never prefilled. */
export function CredentialFields({ provider }: { provider: Provider }) {
  if (provider === "storedge")
    return (
      <Stack gap={3}>
        <Flex gap={3} direction={{ base: "column", md: "row" }}>
          <TextField label="API access ID" name="consumerKey" required autoComplete="off" maxLength={500} />
          <TextField
            label="API secret key"
            name="consumerSecret"
            type="password"
            required
            autoComplete="new-password"
            maxLength={500}
          />
        </Flex>
        <Box>
          <Text fontSize="sm" fontWeight="medium" mb={1.5}>
            Facility IDs
          </Text>
          <Textarea
            name="facilityIds"
            aria-label="Facility IDs"
            required
            rows={2}
            placeholder="One storEDGE facility id per line"
          />
        </Box>
      </Stack>
    );
  return (
    <Stack gap={3}>
      <TextField
        label="Access token"
        name="accessToken"
        type="password"
        autoComplete="new-password"
        helper="Or an OAuth application's client id and secret below."
        maxLength={500}
      />
      <Flex gap={3} direction={{ base: "column", md: "row" }}>
        <TextField label="OAuth client ID" name="clientId" autoComplete="off" maxLength={500} />
        <TextField
          label="OAuth client secret"
          name="clientSecret"
          type="password"
          autoComplete="new-password"
          maxLength={500}
        />
      </Flex>
      <TextField
        label="Webhook signing secret"
        name="webhookSecret"
        type="password"
        autoComplete="new-password"
        helper="Optional: from the webhook endpoint you create in Stora. Without it Stora is polled every 15 minutes."
        maxLength={500}
      />
    </Stack>
  );
}

type TestedFacility = { externalId: string; name: string };

/**
 * Connect a PMS: pick it, enter credentials, Test connection, then map each PMS facility to one of
 * ours (or let the first sync create it), then Connect. The credentials are tested again on Connect.
 */
export function PmsConnectForm({ onConnected }: { onConnected: () => void }) {
  const facilities = api.facilities.list.useQuery();
  const test = api.integrations.test.useMutation();
  const connect = api.integrations.connect.useMutation({ onSuccess: onConnected });
  const [provider, setProvider] = useState<Provider>("storedge");
  const [tested, setTested] = useState<{ creds: CredentialsInput; facilities: TestedFacility[] } | null>(null);
  const [links, setLinks] = useState<Record<string, string>>({});

  function onTest(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const creds = credentialsFrom(e.currentTarget, provider);
    setTested(null);
    connect.reset();
    test.mutate(creds, {
      onSuccess: (r) => {
        if (r.ok) {
          setTested({ creds, facilities: r.facilities });
          setLinks({});
        }
      },
    });
  }

  function onConnect() {
    if (!tested) return;
    const facilityLinks = Object.fromEntries(Object.entries(links).filter(([, v]) => v));
    connect.mutate({ credentials: tested.creds, facilityLinks });
  }

  const failure = test.data && !test.data.ok ? test.data.message : (test.error?.message ?? null);
  return (
    <Card.Root>
      <Card.Body>
        <Stack gap={4}>
          <Text fontWeight="semibold">Connect a property management system</Text>
          <form onSubmit={onTest} aria-label="PMS credentials" onChange={() => setTested(null)}>
            <Stack gap={3}>
              <LabeledSelect
                label="Property management system"
                value={provider}
                onChange={(v) => {
                  setProvider(v as Provider);
                  setTested(null);
                  test.reset();
                }}
                width="16rem"
              >
                <option value="storedge">storEDGE</option>
                <option value="stora">Stora</option>
              </LabeledSelect>
              <CredentialFields key={provider} provider={provider} />
              <FormError message={failure} />
              <HStack>
                <Button type="submit" variant="outline" loading={test.isPending}>
                  Test connection
                </Button>
              </HStack>
            </Stack>
          </form>
          {tested ? (
            <Stack gap={3} aria-label="Facility mapping">
              <Notice status="success" title={`Connected: the credentials see ${tested.facilities.length} facilities.`}>
                Link each one to a facility you already set up here, or leave it on “Create” and the first sync creates
                it.
              </Notice>
              {tested.facilities.map((f) => (
                <LabeledSelect
                  key={f.externalId}
                  label={`${f.name} (${f.externalId})`}
                  value={links[f.externalId] ?? ""}
                  onChange={(v) => setLinks((l) => ({ ...l, [f.externalId]: v }))}
                  width="22rem"
                >
                  <option value="">Create a new facility</option>
                  {(facilities.data ?? []).map((ours) => (
                    <option key={ours.id} value={ours.id}>
                      Link to {ours.name}
                    </option>
                  ))}
                </LabeledSelect>
              ))}
              <FormError message={connect.error?.message ?? null} />
              <HStack>
                <Button colorPalette="blue" onClick={onConnect} loading={connect.isPending}>
                  Connect
                </Button>
              </HStack>
            </Stack>
          ) : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
