"use client";

import { Button, Code, HStack, Stack } from "@chakra-ui/react";
import { useState } from "react";

import { Notice } from "@/components/ui/states";

/** Shows a just-created secret once, with a copy button; it cannot be shown again. */
export function SecretOnce({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <Notice status="success" title={`${label}: copy it now, it will not be shown again.`}>
      <Stack gap={2} mt={2}>
        <Code p={2} wordBreak="break-all" data-testid="secret-once">
          {value}
        </Code>
        <HStack>
          <Button size="xs" onClick={() => navigator.clipboard.writeText(value).then(() => setCopied(true))}>
            {copied ? "Copied" : "Copy"}
          </Button>
          <Button size="xs" variant="ghost" onClick={onDone}>
            I have saved it
          </Button>
        </HStack>
      </Stack>
    </Notice>
  );
}
