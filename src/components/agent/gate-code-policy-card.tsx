"use client";

import { Button, Card, HStack, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { ErrorState, FormError, Loading } from "@/components/ui/states";
import { api } from "@/lib/trpc";

type Policy = "never" | "text_on_file" | "read_after_code";

const HELP: Record<Policy, string> = {
  never: "Callers are told to ask the office; the agent never gives a gate code.",
  text_on_file:
    "After the caller gives the name and phone on the account, the code is texted to the phone on file, never said.",
  read_after_code:
    "The code is said to the caller only after they read back a one-time code texted to the phone on file (or give their confirmation code).",
};

/** Settings > Agent, for owners and admins: how the agent may give a caller their gate code. */
export function GateCodePolicyCard() {
  const org = useOrg();
  const isAdmin = org.can("admin");
  const current = api.agent.gateCodePolicy.useQuery(undefined, { enabled: isAdmin });
  const utils = api.useUtils();
  const [choice, setChoice] = useState<Policy | null>(null);
  const [saved, setSaved] = useState(false);
  const save = api.agent.setGateCodePolicy.useMutation({
    onSuccess: (data) => {
      utils.agent.gateCodePolicy.setData(undefined, data);
      setSaved(true);
    },
  });
  if (!isAdmin) return null;
  if (current.isLoading) return <Loading label="Loading the gate code policy" />;
  if (current.error) return <ErrorState error={current.error} onRetry={() => void current.refetch()} />;
  const policy = choice ?? current.data?.policy ?? "text_on_file";
  return (
    <Card.Root>
      <Card.Body>
        <form
          aria-label="Gate codes"
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(false);
            save.mutate({ policy });
          }}
        >
          <Stack gap={3}>
            <Text fontWeight="semibold">Gate codes</Text>
            <LabeledSelect
              label="The agent gives gate codes"
              value={policy}
              onChange={(v) => {
                setChoice(v as Policy);
                setSaved(false);
              }}
              width="80"
            >
              <option value="text_on_file">by text to the phone on file</option>
              <option value="read_after_code">out loud after a one-time code</option>
              <option value="never">never (the office does)</option>
            </LabeledSelect>
            <Text fontSize="sm" color="fg.muted">
              {HELP[policy]} Every gate code given is recorded in the audit log.
            </Text>
            <HStack>
              <Button type="submit" size="sm" loading={save.isPending}>
                Save
              </Button>
              {saved ? (
                <Text fontSize="sm" color="fg.success" role="status">
                  Saved.
                </Text>
              ) : null}
            </HStack>
            <FormError message={save.error?.message ?? null} />
          </Stack>
        </form>
      </Card.Body>
    </Card.Root>
  );
}
