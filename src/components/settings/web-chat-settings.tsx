"use client";

import {
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Code,
  Field,
  Flex,
  HStack,
  Input,
  Stack,
  Text,
  Textarea,
} from "@chakra-ui/react";
import type { inferRouterOutputs } from "@trpc/server";
import { useState, useSyncExternalStore, type FormEvent } from "react";

import { useOrg } from "@/components/dashboard/org-context";
import { LabeledSelect } from "@/components/ui/labeled-select";
import { ErrorState, FormError, Loading, Notice, PageHeader, SaveOutcome } from "@/components/ui/states";
import { api } from "@/lib/trpc";
import type { AppRouter } from "@/server/api/root";
import { When } from "@/components/ui/when";
import { ConfirmButton } from "@/components/ui/confirm-button";

type Row = inferRouterOutputs<AppRouter>["chatWidget"]["list"][number];
type Widget = NonNullable<Row["widget"]>;

const noSubscription = () => () => {};
const DEFAULT_COLOR = "#2563eb";
const defaultGreeting = (facilityName: string) =>
  `Hi! This is the ${facilityName} assistant. How can I help you today?`;

/** The snippet an operator pastes into their site; the script is served by this app. */
export function embedSnippet(origin: string, key: string) {
  return `<script src="${origin}/widget.js" data-key="${key}" async></script>`;
}

function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="xs"
      onClick={() => navigator.clipboard.writeText(value).then(() => setCopied(true))}
      aria-label={label}
    >
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}

/** A look at the widget as visitors will see it, following the form as it is edited. */
function WidgetPreview({ facilityName, greeting, color }: { facilityName: string; greeting: string; color: string }) {
  return (
    <Box
      aria-label="Widget preview"
      role="img"
      borderWidth="1px"
      borderRadius="md"
      p={4}
      bg="bg.muted"
      minH="280px"
      position="relative"
    >
      <Box bg="white" color="gray.900" borderRadius="xl" boxShadow="lg" overflow="hidden" maxW="300px" ml="auto">
        <Box bg={color} color="white" px={3} py={2} fontWeight="semibold" data-testid="preview-header">
          {facilityName}
        </Box>
        <Stack p={3} gap={2} bg="gray.50" minH="120px">
          <Box
            alignSelf="flex-start"
            bg="white"
            borderWidth="1px"
            borderColor="gray.200"
            borderRadius="lg"
            px={3}
            py={2}
            fontSize="sm"
            data-testid="preview-greeting"
          >
            {greeting}
          </Box>
          <Box alignSelf="flex-end" bg={color} color="white" borderRadius="lg" px={3} py={2} fontSize="sm">
            How much is a 10x10?
          </Box>
        </Stack>
      </Box>
      <Box
        mt={3}
        ml="auto"
        w="fit-content"
        bg={color}
        color="white"
        borderRadius="full"
        px={4}
        py={2}
        fontWeight="semibold"
        fontSize="sm"
      >
        Chat with us
      </Box>
    </Box>
  );
}

function WidgetForm({ row }: { row: Row }) {
  const utils = api.useUtils();
  const w: Widget | null = row.widget;
  const [origins, setOrigins] = useState((w?.allowedOrigins ?? []).join("\n"));
  const [greeting, setGreeting] = useState(w?.greeting ?? "");
  const [color, setColor] = useState(w?.color ?? DEFAULT_COLOR);
  const [enabled, setEnabled] = useState(w?.enabled ?? true);
  const [saved, setSaved] = useState(false);
  const save = api.chatWidget.save.useMutation({
    onSuccess: async (saved) => {
      setSaved(true);
      // Show the sites as stored: a pasted page address is kept as its origin only.
      setOrigins(saved.allowedOrigins.join("\n"));
      await utils.chatWidget.list.invalidate();
    },
  });
  const rotate = api.chatWidget.rotateKey.useMutation({ onSuccess: () => utils.chatWidget.list.invalidate() });
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "",
  );

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const allowedOrigins = origins
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    save.mutate({ facilityId: row.facilityId, allowedOrigins, greeting: greeting.trim() || null, color, enabled });
  }
  const validColor = /^#[0-9a-fA-F]{6}$/.test(color) ? color : DEFAULT_COLOR;
  const snippet = w ? embedSnippet(origin, w.publicKey) : "";

  return (
    <Flex gap={6} direction={{ base: "column", lg: "row" }} align="flex-start">
      <Stack gap={5} flex="1" minW={0}>
        <Card.Root>
          <Card.Body>
            <form onSubmit={onSubmit} aria-label={`Web chat settings for ${row.facilityName}`}>
              <Stack gap={4}>
                <SaveOutcome
                  error={save.error}
                  succeeded={saved}
                  saved="Saved. The widget uses the new settings on its next page load."
                />
                <Checkbox.Root checked={enabled} onCheckedChange={(d) => setEnabled(d.checked === true)}>
                  <Checkbox.HiddenInput />
                  <Checkbox.Control />
                  <Checkbox.Label>Chat is on for this facility</Checkbox.Label>
                </Checkbox.Root>
                <Field.Root>
                  <Field.Label>Allowed sites</Field.Label>
                  <Textarea
                    value={origins}
                    onChange={(e) => setOrigins(e.currentTarget.value)}
                    placeholder={"https://www.example.com\nhttps://example.com"}
                    rows={3}
                  />
                  <Field.HelperText>
                    One address per line. Only these sites may use the widget; leave empty to allow any site.
                  </Field.HelperText>
                </Field.Root>
                <Field.Root>
                  <Field.Label>Greeting</Field.Label>
                  <Textarea
                    value={greeting}
                    onChange={(e) => setGreeting(e.currentTarget.value)}
                    placeholder={defaultGreeting(row.facilityName)}
                    maxLength={300}
                    rows={2}
                  />
                  <Field.HelperText>The assistant&apos;s first message. Leave empty for the default.</Field.HelperText>
                </Field.Root>
                <Field.Root>
                  <Field.Label>Colour</Field.Label>
                  <HStack>
                    <Input
                      type="color"
                      value={validColor}
                      onChange={(e) => setColor(e.currentTarget.value)}
                      width="16"
                      p={1}
                      aria-label="Pick a colour"
                    />
                    <Input
                      value={color}
                      onChange={(e) => setColor(e.currentTarget.value)}
                      width="32"
                      aria-label="Colour as #rrggbb"
                    />
                  </HStack>
                </Field.Root>
                <HStack>
                  <Button type="submit" colorPalette="blue" loading={save.isPending}>
                    {w ? "Save" : "Create widget"}
                  </Button>
                </HStack>
              </Stack>
            </form>
          </Card.Body>
        </Card.Root>
        {w ? (
          <Card.Root>
            <Card.Body>
              <Stack gap={3}>
                <Text fontWeight="semibold">Add the widget to your site</Text>
                <Text fontSize="sm" color="fg.muted">
                  Paste this before the closing &lt;/body&gt; tag of every page that should show the chat. The key is
                  publishable: it only lets visitors chat with this facility&apos;s assistant.
                </Text>
                <Code p={2} wordBreak="break-all" whiteSpace="pre-wrap" data-testid="embed-snippet">
                  {snippet}
                </Code>
                <HStack wrap="wrap">
                  <CopyButton value={snippet} label="Copy the embed snippet" />
                  <Text fontSize="sm">
                    Key <Code data-testid="widget-key">{w.publicKey}</Code>
                  </Text>
                  {w.keyRotatedAt ? (
                    <Badge>
                      rotated <When at={w.keyRotatedAt} show="date" />
                    </Badge>
                  ) : null}
                  <ConfirmButton
                    size="xs"
                    variant="ghost"
                    colorPalette="red"
                    loading={rotate.isPending}
                    title="Rotate the key?"
                    detail="Pages with the old snippet stop showing the chat until you paste the new one."
                    onConfirm={() => rotate.mutate({ facilityId: row.facilityId })}
                  >
                    Rotate key
                  </ConfirmButton>
                </HStack>
                <FormError message={rotate.error?.message ?? null} />
              </Stack>
            </Card.Body>
          </Card.Root>
        ) : null}
      </Stack>
      <Box w={{ base: "full", lg: "340px" }}>
        <Text fontWeight="semibold" mb={2}>
          Preview
        </Text>
        <WidgetPreview
          facilityName={row.facilityName}
          greeting={greeting.trim() || defaultGreeting(row.facilityName)}
          color={validColor}
        />
      </Box>
    </Flex>
  );
}

export function WebChatSettings() {
  const org = useOrg();
  const list = api.chatWidget.list.useQuery(undefined, { enabled: org.can("manager") });
  const [facilityId, setFacilityId] = useState<string | null>(null);

  if (!org.can("manager")) return <Notice title="Only managers, admins and owners can set up the web chat." />;
  const rows = list.data ?? [];
  const row = rows.find((r) => r.facilityId === facilityId) ?? rows[0] ?? null;
  return (
    <Stack gap={6}>
      <PageHeader
        title="Web chat"
        description="Let visitors of your website chat with the assistant: sizes, prices, hours, reservations. Chats appear under Calls."
      />
      {list.isLoading ? <Loading label="Loading web chat settings" /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={() => list.refetch()} /> : null}
      {list.data && rows.length === 0 ? (
        <Notice title="Add a facility first: each facility has its own chat widget." />
      ) : null}
      {row ? (
        <>
          {rows.length > 1 ? (
            <LabeledSelect label="Facility" value={row.facilityId} onChange={setFacilityId} width="xs">
              {rows.map((r) => (
                <option key={r.facilityId} value={r.facilityId}>
                  {r.facilityName}
                  {r.widget ? "" : " (not set up)"}
                </option>
              ))}
            </LabeledSelect>
          ) : null}
          <WidgetForm key={row.facilityId} row={row} />
        </>
      ) : null}
    </Stack>
  );
}
