"use client";

import { Button, Field, HStack, Stack, Text, Textarea } from "@chakra-ui/react";
import { useState } from "react";

import { FormError, Notice } from "@/components/ui/states";

/**
 * A message box for a person at the operator: a text to a phone or an answer in a web chat. Each
 * draft carries one client key, so a retried or double-clicked send is one message; a new key is
 * drawn after a send goes through.
 */
export function Composer({
  label,
  placeholder,
  maxLength,
  blocked,
  pending,
  error,
  onSend,
  submitLabel = "Send",
}: {
  label: string;
  placeholder?: string;
  maxLength: number;
  /** Why nothing can be sent now (quiet hours, opt-out), shown instead of letting them type in vain. */
  blocked?: string | null;
  pending: boolean;
  error?: string | null;
  onSend: (body: string, clientKey: string) => Promise<unknown>;
  submitLabel?: string;
}) {
  const [body, setBody] = useState("");
  const [clientKey, setClientKey] = useState(() => crypto.randomUUID());
  const submit = async () => {
    const text = body.trim();
    if (!text || pending || blocked) return;
    try {
      await onSend(text, clientKey);
      setBody("");
      setClientKey(crypto.randomUUID());
    } catch {
      // shown through `error`; the draft and its key stay for a retry
    }
  };
  return (
    <Stack
      as="form"
      gap={2}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {blocked ? <Notice status="warning" title={blocked} /> : null}
      <Field.Root disabled={Boolean(blocked)}>
        <Field.Label>{label}</Field.Label>
        <Textarea
          value={body}
          onChange={(e) => setBody(e.target.value)}
          placeholder={placeholder}
          rows={3}
          maxLength={maxLength}
          onKeyDown={(e) => {
            // Ctrl/Cmd+Enter sends; Enter alone is a new line (texts are often several lines).
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        <Field.HelperText>
          {body.length}/{maxLength} · Ctrl+Enter sends
        </Field.HelperText>
      </Field.Root>
      <FormError message={error ?? null} />
      <HStack>
        <Button
          type="submit"
          colorPalette="blue"
          loading={pending}
          disabled={!body.trim() || Boolean(blocked)}
          size="sm"
        >
          {submitLabel}
        </Button>
        {pending ? (
          <Text fontSize="sm" color="fg.muted">
            Sending…
          </Text>
        ) : null}
      </HStack>
    </Stack>
  );
}
