"use client";

import { Badge, Button, Card, Checkbox, Flex, HStack, Stack, Text } from "@chakra-ui/react";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { ErrorState, FormError, Loading, SavedMark } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";

type Brain = "default" | "llm";
type Settings = inferRouterOutputs<AppRouter>["agent"]["settings"];

/**
 * Settings > Agent, for owners and admins: which brain answers this organization's callers. The API
 * key field is write-only: the server says only whether a key is set and never sends it back.
 */
export function AgentSettingsCard() {
  const org = useOrg();
  const isAdmin = org.can("admin");
  const settings = api.agent.settings.useQuery(undefined, { enabled: isAdmin });
  if (!isAdmin) return null;
  if (settings.isLoading) return <Loading label="Loading agent settings" />;
  if (settings.error) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return null;
  // Keyed on the saved values so the form starts from them again after each save.
  return <AgentSettingsForm key={JSON.stringify(settings.data)} initial={settings.data} />;
}

function AgentSettingsForm({ initial }: { initial: Settings }) {
  const utils = api.useUtils();
  const [brain, setBrain] = useState<Brain>(initial.brain);
  const [model, setModel] = useState(initial.model ?? "");
  const [baseUrl, setBaseUrl] = useState(initial.baseUrl ?? "");
  const [apiKey, setApiKey] = useState("");
  const [removeKey, setRemoveKey] = useState(false);
  const [saved, setSaved] = useState(false);
  const update = api.agent.updateSettings.useMutation({
    onSuccess: (data) => {
      utils.agent.settings.setData(undefined, data);
      setSaved(true);
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    update.mutate({
      brain,
      model: model || null,
      baseUrl: baseUrl || null,
      apiKey: removeKey ? null : apiKey ? apiKey : undefined,
    });
  }

  return (
    <Card.Root>
      <Card.Body>
        <form onSubmit={onSubmit} aria-label="Agent brain">
          <Stack gap={4}>
            <HStack justify="space-between" wrap="wrap">
              <Text fontWeight="semibold">Brain</Text>
              <Badge colorPalette={initial.source === "organization" ? "blue" : "gray"}>
                {initial.source === "organization" ? "set for this organization" : "server default"}
              </Badge>
            </HStack>
            <Text fontSize="sm" color="fg.muted">
              The default brain needs no model and answers in a few milliseconds. The LLM brain uses an
              OpenAI-compatible model with the same tools; if it is slow or fails, the default brain takes the turn.
              {initial.deployment.llmConfigured
                ? ` This server has a model configured (${initial.deployment.model}).`
                : " This server has no model configured: bring your own key."}
            </Text>
            <Flex gap={4} wrap="wrap" align="end">
              <LabeledSelect label="Brain" value={brain} onChange={(v) => setBrain(v as Brain)} width="48">
                <option value="default">Default (no model)</option>
                <option value="llm">LLM</option>
              </LabeledSelect>
              {brain === "llm" ? (
                <>
                  <TextField
                    label="Model"
                    size="sm"
                    width="56"
                    value={model}
                    onChange={(e) => setModel(e.currentTarget.value)}
                    placeholder={initial.deployment.model}
                  />
                  <TextField
                    label="Base URL (optional)"
                    size="sm"
                    width="80"
                    type="url"
                    value={baseUrl}
                    onChange={(e) => setBaseUrl(e.currentTarget.value)}
                    placeholder="https://api.openai.com/v1"
                  />
                </>
              ) : null}
            </Flex>
            {brain === "llm" ? (
              <Flex gap={4} wrap="wrap" align="end">
                <TextField
                  label={`API key (${initial.apiKey})`}
                  helper={
                    initial.apiKey === "set"
                      ? "Leave empty to keep the saved key."
                      : "Stored encrypted; never shown again."
                  }
                  size="sm"
                  width="80"
                  type="password"
                  autoComplete="off"
                  value={apiKey}
                  disabled={removeKey}
                  onChange={(e) => setApiKey(e.currentTarget.value)}
                />
                {initial.apiKey === "set" ? (
                  <Checkbox.Root checked={removeKey} onCheckedChange={(d) => setRemoveKey(d.checked === true)}>
                    <Checkbox.HiddenInput />
                    <Checkbox.Control />
                    <Checkbox.Label>Remove the saved key</Checkbox.Label>
                  </Checkbox.Root>
                ) : null}
              </Flex>
            ) : null}
            <HStack>
              <Button type="submit" size="sm" loading={update.isPending}>
                Save
              </Button>
              <SavedMark shown={saved} />
            </HStack>
            <FormError message={update.error?.message ?? null} />
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}
