"use client";

import { Box, Stack, Text } from "@chakra-ui/react";

import { money } from "@/components/inventory/format";
import { Table } from "@/components/ui/table";

export interface QuoteView {
  lines: { code: string; label: string; amountCents: number }[];
  dueAtMoveInCents: number;
  monthlyAfterCents: number;
  promotionalMonthlyCents?: number | null;
  rateKind?: string;
  promotion?: { name: string } | null;
}

/** A quote as the customer hears it: labelled lines, due at move-in, monthly after. */
export function QuoteLines({ quote, title = "Quote" }: { quote: QuoteView; title?: string }) {
  return (
    <Stack gap={2}>
      <Box overflowX="auto">
        <Table.Root aria-label={title}>
          <Table.Body>
            {quote.lines.map((l, i) => (
              <Table.Row key={`${l.code}-${i}`}>
                <Table.Cell>{l.label}</Table.Cell>
                <Table.Cell textAlign="end">{money(l.amountCents)}</Table.Cell>
              </Table.Row>
            ))}
            <Table.Row fontWeight="semibold">
              <Table.Cell>Due at move-in</Table.Cell>
              <Table.Cell textAlign="end" data-testid="due-at-move-in">
                {money(quote.dueAtMoveInCents)}
              </Table.Cell>
            </Table.Row>
            <Table.Row>
              <Table.Cell>Monthly after</Table.Cell>
              <Table.Cell textAlign="end">{money(quote.monthlyAfterCents)}</Table.Cell>
            </Table.Row>
          </Table.Body>
        </Table.Root>
      </Box>
      {quote.promotion ? <Text fontSize="sm">Promotion: {quote.promotion.name}</Text> : null}
      {quote.promotionalMonthlyCents != null ? (
        <Text fontSize="sm">Monthly during the promotion: {money(quote.promotionalMonthlyCents)}</Text>
      ) : null}
    </Stack>
  );
}

/** The stored quote is JSON from the pricing engine; check its shape before showing it. */
export function asQuoteView(v: unknown): QuoteView | null {
  const q = v as Partial<QuoteView> | null;
  return q &&
    Array.isArray(q.lines) &&
    typeof q.dueAtMoveInCents === "number" &&
    typeof q.monthlyAfterCents === "number"
    ? (q as QuoteView)
    : null;
}
