"use client";

import { Button, Heading, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";

export function NotFoundBody() {
  return (
    <Stack gap={3}>
      <Heading as="h1" size="lg">
        Page not found
      </Heading>
      <Text color="fg.muted">This page does not exist, or you do not have access to it.</Text>
      <Button asChild colorPalette="blue" alignSelf="flex-start">
        <NextLink href="/app">Go to your dashboard</NextLink>
      </Button>
    </Stack>
  );
}
