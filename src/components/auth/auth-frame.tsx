"use client";

import { Box, Center, Heading, Link, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";
import type { ReactNode } from "react";

export function AuthFrame({ children }: { children: ReactNode }) {
  return (
    <Center minH="100vh" bg="bg.subtle" px={4} py={10}>
      <Stack w="full" maxW="md" gap={6}>
        <Box textAlign="center">
          <Link asChild fontWeight="bold" fontSize="xl" color="fg">
            <NextLink href="/">Storage Agent</NextLink>
          </Link>
          <Text color="fg.muted" fontSize="sm">
            The AI front desk for self-storage
          </Text>
        </Box>
        <Box as="main" bg="bg" borderWidth="1px" borderRadius="xl" p={{ base: 6, md: 8 }} shadow="sm">
          {children}
        </Box>
      </Stack>
    </Center>
  );
}

export function AuthTitle({ children, subtitle }: { children: ReactNode; subtitle?: ReactNode }) {
  return (
    <Box mb={5}>
      <Heading as="h1" size="lg">
        {children}
      </Heading>
      {subtitle ? (
        <Text color="fg.muted" mt={1} fontSize="sm">
          {subtitle}
        </Text>
      ) : null}
    </Box>
  );
}

export { safeNext } from "@/lib/safe-next";
