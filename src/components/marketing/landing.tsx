"use client";

import { Box, Button, Container, Flex, Heading, HStack, SimpleGrid, Stack, Text } from "@chakra-ui/react";
import NextLink from "next/link";

const FEATURES = [
  {
    title: "Answers every call",
    body: "Sizes, prices, promotions, availability, hours and policies, from your live inventory, day and night.",
  },
  { title: "Books reservations", body: "Holds the unit, quotes the move-in cost and texts the confirmation code." },
  { title: "Follows up leads", body: "Callers who don't book get a timely text, and your team sees every lead." },
  { title: "Hands off to people", body: "Transfers when the office is open and takes a message when it isn't." },
];

export function Landing({ signedIn }: { signedIn: boolean }) {
  return (
    <Box>
      <Flex as="header" px={{ base: 4, md: 10 }} py={4} justify="space-between" align="center" borderBottomWidth="1px">
        <Text fontWeight="bold">Storage Agent</Text>
        <HStack>
          {signedIn ? (
            <Button asChild colorPalette="blue" size="sm">
              <NextLink href="/app">Open dashboard</NextLink>
            </Button>
          ) : (
            <>
              <Button asChild variant="ghost" size="sm">
                <NextLink href="/sign-in">Sign in</NextLink>
              </Button>
              <Button asChild colorPalette="blue" size="sm">
                <NextLink href="/sign-up">Start free trial</NextLink>
              </Button>
            </>
          )}
        </HStack>
      </Flex>
      <Container as="main" maxW="5xl" py={{ base: 12, md: 20 }}>
        <Stack gap={5} maxW="3xl">
          <Heading as="h1" size={{ base: "3xl", md: "5xl" }} lineHeight="1.1">
            The front desk that never misses a call.
          </Heading>
          <Text fontSize="lg" color="fg.muted">
            Storage Agent answers your self-storage facility&apos;s phone, texts and website chat: it quotes from live
            inventory, books reservations and hands the rest to your team.
          </Text>
          <HStack>
            <Button asChild colorPalette="blue" size="lg">
              <NextLink href={signedIn ? "/app" : "/sign-up"}>
                {signedIn ? "Open dashboard" : "Start free trial"}
              </NextLink>
            </Button>
          </HStack>
        </Stack>
        <SimpleGrid columns={{ base: 1, md: 2 }} gap={6} mt={16}>
          {FEATURES.map((f) => (
            <Box key={f.title} borderWidth="1px" borderRadius="lg" p={6}>
              <Heading as="h2" size="md" mb={2}>
                {f.title}
              </Heading>
              <Text color="fg.muted">{f.body}</Text>
            </Box>
          ))}
        </SimpleGrid>
      </Container>
    </Box>
  );
}
