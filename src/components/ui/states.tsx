"use client";

import { Alert, Box, Button, Center, Heading, Spinner, Stack, Text } from "@chakra-ui/react";
import type { ReactNode } from "react";

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: string;
  actions?: ReactNode;
}) {
  return (
    <Stack
      direction={{ base: "column", md: "row" }}
      justify="space-between"
      align={{ base: "stretch", md: "center" }}
      mb={6}
      gap={3}
    >
      <Box>
        <Heading as="h1" size="xl">
          {title}
        </Heading>
        {description ? (
          <Text color="fg.muted" mt={1}>
            {description}
          </Text>
        ) : null}
      </Box>
      {actions}
    </Stack>
  );
}

export function Loading({ label = "Loading" }: { label?: string }) {
  return (
    <Center py={12} role="status" aria-live="polite">
      <Spinner size="lg" mr={3} />
      <Text>{label}…</Text>
    </Center>
  );
}

export function ErrorState({
  error,
  onRetry,
}: {
  error: { message: string } | null | undefined;
  onRetry?: () => void;
}) {
  return (
    <Alert.Root status="error" role="alert">
      <Alert.Indicator />
      <Alert.Content>
        <Alert.Title>Something went wrong</Alert.Title>
        <Alert.Description>{error?.message ?? "Unknown error"}</Alert.Description>
      </Alert.Content>
      {onRetry ? (
        <Button size="sm" variant="outline" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </Alert.Root>
  );
}

/**
 * A page whose data is on screen but whose last refresh failed (a mutation's invalidation, a live
 * event): the data stays, with this above it, instead of the page turning into an ErrorState and
 * losing what the person was reading or typing.
 */
export function RefreshError({
  error,
  onRetry,
}: {
  error: { message: string } | null | undefined;
  onRetry?: () => void;
}) {
  if (!error) return null;
  return (
    <Alert.Root status="warning" role="alert" size="sm" data-testid="refresh-error">
      <Alert.Indicator />
      <Alert.Content>
        <Alert.Title>Could not refresh; what is shown may be out of date.</Alert.Title>
        <Alert.Description>{error.message}</Alert.Description>
      </Alert.Content>
      {onRetry ? (
        <Button size="xs" variant="outline" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </Alert.Root>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert.Root status="error" role="alert">
      <Alert.Indicator />
      <Alert.Title overflowWrap="anywhere">{message}</Alert.Title>
    </Alert.Root>
  );
}

export function Notice({
  status = "info",
  title,
  children,
}: {
  status?: "info" | "success" | "warning";
  title: string;
  children?: ReactNode;
}) {
  return (
    <Alert.Root status={status}>
      <Alert.Indicator />
      <Alert.Content>
        {/* overflowWrap: a long e-mail address in the message wraps instead of widening the page. */}
        <Alert.Title overflowWrap="anywhere">{title}</Alert.Title>
        {children ? <Alert.Description>{children}</Alert.Description> : null}
      </Alert.Content>
    </Alert.Root>
  );
}

/**
 * A settings form's outcome, at the top of the form: what went wrong with its save, or that it was
 * saved (`saved` says what happens next, e.g. "Saved. New sequences use these settings.").
 */
export function SaveOutcome({
  error,
  succeeded,
  saved = "Saved.",
}: {
  error: { message: string } | null | undefined;
  succeeded: boolean;
  saved?: string;
}) {
  return (
    <>
      <FormError message={error?.message ?? null} />
      {succeeded && !error ? <Notice status="success" title={saved} /> : null}
    </>
  );
}

/** "Saved." beside a form's Save button, while the form shows what was saved. */
export function SavedMark({ shown }: { shown: boolean }) {
  return shown ? (
    <Text fontSize="sm" color="fg.success" role="status">
      Saved.
    </Text>
  ) : null;
}

/** For sections whose capability is still being built: says what will be there. */
export function ComingSoon({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box borderWidth="1px" borderStyle="dashed" borderRadius="lg" p={8} textAlign="center" color="fg.muted">
      <Heading as="h2" size="md" mb={2} color="fg">
        {title}
      </Heading>
      <Text maxW="prose" mx="auto">
        {children}
      </Text>
    </Box>
  );
}
