import type { TwimlNode } from "@/server/channels/simulator/twiml-parse";

import type { FakeStripe } from "./stripe-server";
import type { ConnectEvent } from "./stripe-connect";

/**
 * Twilio running a <Pay> verb, for tests: the caller's keypad entry, the charge through the Pay
 * Connector, and the request Twilio then makes to the verb's action URL, with the parameters Twilio
 * documents (Result, PaymentConfirmationCode, PaymentError, PaymentCardType, and the masked card
 * number, expiry and postal code that Twilio also sends and the app must not keep).
 *
 * The Stripe connector charges the Stripe account it is linked to (`connectorAccount`, an acct_…
 * on the fake Stripe): success returns the PaymentIntent id as PaymentConfirmationCode; the fake's
 * declined test card (4000 0000 0000 0002) comes back as payment-connector-error. A caller who hangs
 * up mid-entry or presses * is reported as caller-hung-up / caller-interrupted-with-star with no
 * charge.
 */
export type PayCaller =
  | { kind: "card"; number: string; expiry: string; securityCode: string; postalCode: string }
  | { kind: "hangup"; after: "card-number" | "expiry" | "security-code" }
  | { kind: "star" };

export interface PayRun {
  /** Where Twilio posts the result (the <Pay action>). */
  action: string;
  /** The form parameters Twilio posts there. */
  params: Record<string, string>;
  /** The PaymentIntent the connector created, when it charged. */
  paymentIntentId: string | null;
  /** The payment_intent.succeeded Connect event Stripe sends for that charge (tests deliver it when they want). */
  event: ConnectEvent | null;
}

export const TEST_CARD = {
  kind: "card",
  number: "4242424242424242",
  expiry: "1230",
  securityCode: "737",
  postalCode: "73301",
} as const satisfies PayCaller;

const masked = (pan: string) => `xxxx-xxxx-xxxx-${pan.slice(-4)}`;

export function runPay(
  pay: TwimlNode,
  input: {
    call: { CallSid: string; AccountSid: string; From: string; To: string };
    caller: PayCaller;
    stripe: FakeStripe;
    /** The Stripe account the organization's Pay Connector is linked to. */
    connectorAccount: string;
  },
): PayRun {
  if (pay.name !== "Pay") throw new Error(`expected <Pay>, got <${pay.name}>`);
  const a = pay.attrs;
  if (!a.action) throw new Error("<Pay> has no action URL");
  if (!a.paymentConnector) throw new Error("<Pay> names no paymentConnector");
  const amount = Number(a.chargeAmount ?? "0");
  if (!(amount > 0)) throw new Error("the fake supports charge transactions only (chargeAmount > 0)");
  const base = {
    ...input.call,
    CallStatus: "in-progress",
    ApiVersion: "2010-04-01",
    PaymentMethod: a.paymentMethod ?? "credit-card",
  };
  const c = input.caller;
  if (c.kind === "hangup") {
    return {
      action: a.action,
      params: { ...base, CallStatus: "completed", Result: "caller-hung-up" },
      paymentIntentId: null,
      event: null,
    };
  }
  if (c.kind === "star") {
    return {
      action: a.action,
      params: { ...base, Result: "caller-interrupted-with-star" },
      paymentIntentId: null,
      event: null,
    };
  }
  const entered = {
    PaymentCardNumber: masked(c.number),
    PaymentCardType: c.number.startsWith("4") ? "visa" : "mastercard",
    ExpirationDate: c.expiry,
    PaymentCardPostalCode: c.postalCode,
    SecurityCode: "xxx",
  };
  try {
    const { paymentIntent, event } = input.stripe.connect.chargeCard({
      account: input.connectorAccount,
      amountCents: Math.round(amount * 100),
      currency: (a.currency ?? "usd").toLowerCase(),
      card: c.number,
      description: a.description,
    });
    return {
      action: a.action,
      params: {
        ...base,
        ...entered,
        Result: "success",
        PaymentConfirmationCode: String(paymentIntent.id),
        PaymentToken: "",
      },
      paymentIntentId: String(paymentIntent.id),
      event,
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      action: a.action,
      params: {
        ...base,
        ...entered,
        Result: "payment-connector-error",
        PaymentError: message,
        PaymentErrorCode: "64015",
        ConnectorError: JSON.stringify({ code: "card_declined", message }),
      },
      paymentIntentId: null,
      event: null,
    };
  }
}
