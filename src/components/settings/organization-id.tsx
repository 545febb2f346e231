"use client";

import { Button, Card, Code, HStack, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { useOrg } from "@/components/dashboard/org-context";

/**
 * The organization's id, which the command line (`npm run import -- --org <id>`) and support ask
 * for; the public API finds the organization from the key, so the id is only for reference there.
 */
export function OrganizationId() {
  const org = useOrg();
  const [copied, setCopied] = useState(false);
  return (
    <Card.Root>
      <Card.Body>
        <Stack gap={2}>
          <Text fontWeight="semibold">Organization id</Text>
          <HStack wrap="wrap" gap={3}>
            <Code data-testid="organization-id" fontSize="sm" px={2} py={1} wordBreak="break-all">
              {org.id}
            </Code>
            <Button
              size="xs"
              variant="outline"
              onClick={() => {
                void navigator.clipboard?.writeText(org.id).then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </HStack>
          <Text fontSize="sm" color="fg.muted">
            For the command line, e.g.{" "}
            <Code fontSize="xs">npm run import -- --org {org.id} --file facilities.json</Code>, and when you contact
            support.
          </Text>
        </Stack>
      </Card.Body>
    </Card.Root>
  );
}
