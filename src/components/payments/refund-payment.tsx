"use client";

import { Button, Flex, HStack, Stack, Text } from "@chakra-ui/react";
import { useState } from "react";

import { money } from "@/components/inventory/format";
import { FormError } from "@/components/ui/states";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/trpc";

export interface RefundablePayment {
  id: string;
  amountCents: number;
  refundedCents: number;
  refundVia: "stripe" | "recorded" | null;
}

/** Dollars typed by staff ("12", "12.5", "$1,012.50") to cents; null when it is not an amount. */
export function parseDollars(text: string): number | null {
  const t = text.replace(/[$,\s]/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ""] = t.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/**
 * "Refund" on a payment row (owners and admins): the amount (all that is left by default), a
 * reason, then a confirmation naming the amount. One request key per opening of the form, so a
 * double click or a retry after a timeout refunds once.
 */
export function RefundPayment({ payment, onDone }: { payment: RefundablePayment; onDone?: () => void }) {
  const utils = api.useUtils();
  const left = payment.amountCents - payment.refundedCents;
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState((left / 100).toFixed(2));
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [requestKey, setRequestKey] = useState("");
  const refund = api.payments.refund.useMutation({
    onSuccess: () => {
      setOpen(false);
      setConfirming(false);
      void utils.payments.customer.invalidate();
      onDone?.();
    },
  });
  if (left <= 0 || !payment.refundVia) return null;
  if (!open)
    return (
      <Stack gap={1} align="flex-start">
        <Button
          size="xs"
          variant="outline"
          onClick={() => {
            setOpen(true);
            setAmount((left / 100).toFixed(2));
            setReason("");
            setConfirming(false);
            setRequestKey(crypto.randomUUID());
            refund.reset();
          }}
        >
          Refund
        </Button>
        {refund.data ? (
          <Text fontSize="xs" role="status">
            {money(refund.data.refundedCents)}{" "}
            {refund.data.via === "stripe" ? "refunded to the card" : "recorded as refunded: hand it back yourself"}
            {refund.data.duplicate ? " (already done)" : ""}.
          </Text>
        ) : null}
      </Stack>
    );

  const cents = parseDollars(amount);
  const amountError =
    cents === null
      ? "Enter an amount such as 25.00."
      : cents <= 0
        ? "The refund must be more than $0.00."
        : cents > left
          ? `At most ${money(left)} is left to refund.`
          : null;
  const reasonError = reason.trim().length < 3 ? "Say why (the customer and your records will see it)." : null;
  return (
    <Stack
      as="form"
      gap={2}
      p={3}
      borderWidth="1px"
      borderRadius="md"
      maxW="md"
      aria-label="Refund payment"
      onSubmit={(e) => {
        e.preventDefault();
        if (amountError || reasonError) return;
        if (!confirming) return setConfirming(true);
        refund.mutate({ paymentId: payment.id, amountCents: cents!, reason: reason.trim(), requestKey });
      }}
    >
      <TextField
        label={`Amount to refund (up to ${money(left)})`}
        value={amount}
        inputMode="decimal"
        onChange={(e) => {
          setAmount(e.target.value);
          setConfirming(false);
        }}
        error={amount ? amountError : null}
      />
      <TextField
        label="Reason"
        value={reason}
        maxLength={500}
        onChange={(e) => {
          setReason(e.target.value);
          setConfirming(false);
        }}
        helper="Kept in the audit log and on the ledger."
      />
      <FormError message={refund.error?.message ?? null} />
      {confirming && cents !== null ? (
        <Text fontSize="sm" role="alert">
          {payment.refundVia === "stripe"
            ? `Refund ${money(cents)} to the customer's card? This cannot be undone.`
            : `Record ${money(cents)} as refunded? This payment was not made by card here: give the money back yourself.`}
        </Text>
      ) : null}
      <Flex gap={2}>
        <HStack>
          <Button
            type="submit"
            size="sm"
            colorPalette={confirming ? "red" : "blue"}
            loading={refund.isPending}
            disabled={Boolean(amountError || reasonError)}
          >
            {confirming && cents !== null ? `Confirm refund of ${money(cents)}` : "Refund"}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setOpen(false)} disabled={refund.isPending}>
            Cancel
          </Button>
        </HStack>
      </Flex>
    </Stack>
  );
}
