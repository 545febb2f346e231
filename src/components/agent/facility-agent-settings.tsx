"use client";

import { Button, Card, Field, Flex, HStack, IconButton, Link, Stack, Text, Textarea } from "@chakra-ui/react";
import type { inferRouterOutputs } from "@trpc/server";
import NextLink from "next/link";
import { useState, type FormEvent } from "react";
import { LuX } from "react-icons/lu";

import { useOrg } from "@/components/dashboard/org-context";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { ErrorState, FormError, Loading, SavedMark } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { formatPhone } from "@/lib/format-phone";
import { api } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";

type Settings = inferRouterOutputs<AppRouter>["agent"]["facilitySettings"];
const MAX_NUMBERS = 3;
/** A short call that hears the greeting, a quote (and its special) and asks for a person. */
const TEST_CALL = ["Hi, how much is a ten by ten?", "Can I speak to someone at the office?"];

/**
 * Settings > Agent, per facility (managers and up): who answers a transfer, what callers hear first,
 * when to put them through or take a message, after hours, how often to name the special, and a
 * test call through the facility's own number to hear the result.
 */
export function FacilityAgentSettings() {
  const org = useOrg();
  const canEdit = org.can("manager");
  const facilities = api.facilities.list.useQuery(undefined, { enabled: canEdit });
  const [picked, setPicked] = useState("");
  const facilityId = picked || facilities.data?.[0]?.id || "";
  const settings = api.agent.facilitySettings.useQuery({ facilityId }, { enabled: canEdit && !!facilityId });
  if (!canEdit) return null;
  if (facilities.isLoading) return <Loading label="Loading facilities" />;
  if (facilities.error) return <ErrorState error={facilities.error} onRetry={() => void facilities.refetch()} />;
  return (
    <Card.Root>
      <Card.Body>
        <Stack gap={4}>
          <Stack gap={1}>
            <Text fontWeight="semibold">Facility settings</Text>
            <Text fontSize="sm" color="fg.muted">
              How the agent handles each facility&apos;s callers: where a person answers, what callers hear first, and
              when it takes a message instead.
            </Text>
          </Stack>
          {facilities.data?.length === 0 ? (
            <Text fontSize="sm">
              Add a facility first (
              <Link asChild colorPalette="blue">
                <NextLink href={org.href("/facilities")}>Facilities</NextLink>
              </Link>
              ).
            </Text>
          ) : (
            <LabeledSelect label="Facility" value={facilityId} onChange={setPicked} width="72">
              {(facilities.data ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </LabeledSelect>
          )}
          {settings.isLoading && facilityId ? <Loading label="Loading the facility's agent settings" /> : null}
          {settings.error ? <ErrorState error={settings.error} onRetry={() => void settings.refetch()} /> : null}
          {settings.data ? (
            // Keyed on the facility: a save keeps the form (and its "Saved."), another facility starts afresh.
            <FacilityAgentForm key={settings.data.facilityId} initial={settings.data} />
          ) : null}
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}

function FacilityAgentForm({ initial }: { initial: Settings }) {
  const org = useOrg();
  const utils = api.useUtils();
  const [phones, setPhones] = useState<string[]>(initial.transferPhones.length ? initial.transferPhones : [""]);
  const [greeting, setGreeting] = useState(initial.greeting ?? "");
  const [transferMode, setTransferMode] = useState(initial.transferMode);
  const [afterHours, setAfterHours] = useState(initial.afterHours);
  const [promotionMention, setPromotionMention] = useState(initial.promotionMention);
  const [saved, setSaved] = useState(false);
  const update = api.agent.updateFacilitySettings.useMutation({
    onSuccess: (data) => {
      utils.agent.facilitySettings.setData({ facilityId: initial.facilityId }, data);
      setSaved(true);
    },
  });
  const testCall = api.calls.simulate.useMutation();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    update.mutate({
      facilityId: initial.facilityId,
      transferPhones: phones.map((p) => p.trim()).filter(Boolean),
      greeting: greeting.trim() || null,
      transferMode,
      afterHours,
      promotionMention,
    });
  }

  const number = initial.numbers[0] ?? null;
  return (
    <form onSubmit={onSubmit} aria-label={`Agent settings for ${initial.facilityName}`}>
      <Stack gap={4}>
        <Stack gap={2}>
          <Text fontSize="sm" fontWeight="medium">
            Transfer numbers
          </Text>
          <Text fontSize="sm" color="fg.muted">
            A person at the facility answers here; several numbers ring at once. Use E.164, e.g. +15125550123.
            {phones.every((p) => !p.trim())
              ? initial.facilityPhone
                ? ` None set: transfers go to the facility's number (${formatPhone(initial.facilityPhone)}) unless it is one of your agent's lines.`
                : " None set: the agent takes a message instead."
              : ""}
          </Text>
          {phones.map((p, i) => (
            <HStack key={i} align="end" maxW="md">
              <TextField
                label={i === 0 ? "Transfer number" : `Also ring (${i + 1})`}
                size="sm"
                type="tel"
                value={p}
                placeholder="+15125550123"
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setPhones((xs) => xs.map((x, j) => (j === i ? v : x)));
                }}
              />
              {phones.length > 1 ? (
                <IconButton
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove transfer number ${i + 1}`}
                  onClick={() => setPhones((xs) => xs.filter((_, j) => j !== i))}
                >
                  <LuX />
                </IconButton>
              ) : null}
            </HStack>
          ))}
          {phones.length < MAX_NUMBERS ? (
            <Button size="xs" variant="outline" alignSelf="start" onClick={() => setPhones((xs) => [...xs, ""])}>
              Add a number
            </Button>
          ) : null}
        </Stack>
        <Field.Root>
          <Field.Label>Phone greeting</Field.Label>
          <Textarea
            size="sm"
            rows={2}
            maxLength={300}
            value={greeting}
            placeholder={`Thanks for calling ${initial.facilityName}! I'm the virtual assistant. How can I help you today?`}
            onChange={(e) => setGreeting(e.currentTarget.value)}
          />
          <Field.HelperText>What callers hear first. Leave empty for the default above.</Field.HelperText>
        </Field.Root>
        <Flex gap={4} wrap="wrap">
          <LabeledSelect
            label="A caller asks for a person (office open)"
            value={transferMode}
            onChange={(v) => setTransferMode(v as Settings["transferMode"])}
            width="72"
          >
            <option value="transfer">Transfer the call</option>
            <option value="message">Take a message (emergencies still transfer)</option>
          </LabeledSelect>
          <LabeledSelect
            label="After hours"
            value={afterHours}
            onChange={(v) => setAfterHours(v as Settings["afterHours"])}
            width="72"
          >
            <option value="message">Take a message</option>
            <option value="transfer">Transfer anyway (on-call phone)</option>
          </LabeledSelect>
          <LabeledSelect
            label="Mention the current special"
            value={promotionMention}
            onChange={(v) => setPromotionMention(v as Settings["promotionMention"])}
            width="72"
          >
            <option value="every_quote">With every price</option>
            <option value="first_quote">With the first price only</option>
            <option value="when_asked">Only when asked</option>
          </LabeledSelect>
        </Flex>
        <HStack wrap="wrap">
          <Button type="submit" size="sm" loading={update.isPending}>
            Save
          </Button>
          <Button
            size="sm"
            variant="outline"
            disabled={!number}
            loading={testCall.isPending}
            onClick={() => testCall.mutate({ channel: "voice", phoneNumberId: number?.id, utterances: TEST_CALL })}
          >
            Place a test call
          </Button>
          <SavedMark shown={saved} />
        </HStack>
        {!number ? (
          <Text fontSize="sm" color="fg.muted">
            A test call rings a number routed to this facility: add one in{" "}
            <Link asChild colorPalette="blue">
              <NextLink href={org.href("/settings/phone-numbers")}>Phone numbers</NextLink>
            </Link>
            .
          </Text>
        ) : null}
        {testCall.data ? (
          <Text fontSize="sm" role="status">
            Test call placed to {formatPhone(number?.e164 ?? "")}.{" "}
            <Link asChild colorPalette="blue">
              <NextLink href={org.href("/calls")}>Watch it on the Calls page</NextLink>
            </Link>
            .
          </Text>
        ) : null}
        <FormError message={update.error?.message ?? testCall.error?.message ?? null} />
      </Stack>
    </form>
  );
}
