import { and, eq } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { POST as payActionWebhook } from "@/app/api/twilio/voice/pay-action/route";
import { POST as gatherWebhook } from "@/app/api/twilio/voice/gather/route";
import { POST as relayActionWebhook } from "@/app/api/twilio/voice/relay-action/route";
import { POST as voiceWebhook } from "@/app/api/twilio/voice/route";
import { POST as statusWebhook } from "@/app/api/twilio/voice-status/route";
import { find, parseTwiml, spoken, type TwimlNode } from "@/server/channels/simulator/twiml-parse";
import { db, withOrg } from "@/server/db/client";
import {
  auditLog,
  conversation,
  payment,
  message,
  paymentPreferences,
  phonePayment,
  rental,
  smsMessage,
  task,
  unitType,
} from "@/server/db/schema";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { closeJobsClient } from "@/server/jobs/client";
import { sendPaymentReceipt } from "@/server/payments/receipt";

import { isolateWorkflows } from "../jobs-harness";
import { startStripeHarness, type StripeHarness } from "../fakes/stripe-harness";
import { DECLINED_CARD } from "../fakes/stripe-connect";
import type { FakeStripe } from "../fakes/stripe-server";
import { runPay, TEST_CARD, type PayCaller } from "../fakes/twilio-pay";
import { randomUsNumber, twilioPost } from "../twilio-webhooks";
import { linkStripeAccount } from "./phone-helpers";
import { incomingCallParams, orgWithVoiceNumber, postTo, type VoiceSetup } from "../voice/voice-helpers";

// Twilio is not configured: webhooks are signed with the local key, texts stay in the outbox.
delete process.env.TWILIO_ACCOUNT_SID;
delete process.env.TWILIO_AUTH_TOKEN;
const workflows = isolateWorkflows();
let harness: StripeHarness;
let stripe: FakeStripe;

beforeAll(async () => {
  harness = await startStripeHarness();
  stripe = harness.fake;
});
afterAll(async () => {
  await harness.close();
  await closeJobsClient();
  await workflows.dropSchema();
});

async function twiml(res: Response): Promise<TwimlNode> {
  expect(res.status).toBe(200);
  return parseTwiml(await res.text());
}

interface Renter {
  s: VoiceSetup;
  from: string;
  name: string;
  rentalId: string;
  balanceCents: number;
  account: string;
}

/** An organization taking payments by phone, and a renter with a balance calling from their own phone. */
async function renterWithBalance(opts: { phonePay?: boolean } = {}): Promise<Renter> {
  const s = await orgWithVoiceNumber();
  const from = randomUsNumber(737);
  const name = "Dana Renter";
  const r = await withOrg(s.org.id, async (tx) => {
    const [ut] = await tx
      .select({ id: unitType.id })
      .from(unitType)
      .where(and(eq(unitType.organizationId, s.org.id), eq(unitType.facilityId, s.facilityId)))
      .limit(1);
    const res = await createReservation(
      tx,
      s.org.id,
      { label: "test" },
      {
        unitTypeId: ut!.id,
        moveInDate: new Date().toISOString().slice(0, 10),
        channel: "web",
        customer: { name, phone: from },
      },
    );
    return convertToMoveIn(tx, s.org.id, { label: "test" }, { reservationId: res.reservation.id });
  });
  const [row] = await db.select().from(rental).where(eq(rental.id, r.rental.id));
  const account = await linkStripeAccount(s.org);
  if (opts.phonePay !== false)
    await db
      .insert(paymentPreferences)
      .values({ organizationId: s.org.id, phonePayEnabled: true, payConnector: "Stripe_Oak" });
  return { s, from, name, rentalId: r.rental.id, balanceCents: row!.balanceCents, account };
}

/** A call from the renter, through verification, up to the agent's hand-off to <Pay>. */
async function callAndAskToPay(t: Renter) {
  // The carrier attested the caller ID in full (STIR/SHAKEN "A"): calling from the phone on file is
  // then a possession factor, so the name verifies the caller (agent/caller-verification.ts).
  const params: Record<string, string> = {
    ...incomingCallParams({ to: t.s.number, from: t.from }),
    StirVerstat: "TN-Validation-Passed-A",
  };
  let doc = await twiml(await voiceWebhook(twilioPost("/api/twilio/voice", params)));
  const say = async (words: string) => {
    const g = find(doc, "Gather");
    if (!g) throw new Error("no <Gather> to answer");
    doc = await twiml(
      await gatherWebhook(
        postTo(g.attrs.action!, {
          CallSid: params.CallSid!,
          AccountSid: params.AccountSid!,
          From: t.from,
          To: t.s.number,
          CallStatus: "in-progress",
          SpeechResult: words,
          Confidence: "0.93",
        }),
      ),
    );
    return doc;
  };
  await say("I want to pay my balance");
  await say(t.name);
  const conv = (
    await db
      .select()
      .from(conversation)
      .where(and(eq(conversation.organizationId, t.s.org.id), eq(conversation.externalId, params.CallSid!)))
  )[0]!;
  return {
    params,
    say,
    get doc() {
      return doc;
    },
    /** The TwiML Twilio now follows (what a <Pay> action answered). */
    follow(next: TwimlNode) {
      doc = next;
    },
    conversationId: conv.id,
  };
}

function callOf(params: Record<string, string>) {
  return { CallSid: params.CallSid!, AccountSid: params.AccountSid!, From: params.From!, To: params.To! };
}

async function pay(t: Renter, call: Awaited<ReturnType<typeof callAndAskToPay>>, caller: PayCaller) {
  const payNode = find(call.doc, "Pay");
  expect(payNode, "the agent handed the caller to <Pay>").not.toBeNull();
  const run = runPay(payNode!, { call: callOf(call.params), caller, stripe, connectorAccount: t.account });
  const res = await payActionWebhook(postTo(run.action, run.params));
  const text = await res.clone().text();
  if (res.status === 200) call.follow(parseTwiml(text));
  return { run, res, send: () => payActionWebhook(postTo(run.action, run.params)) };
}

const paymentsOf = (conversationId: string) =>
  db.select().from(phonePayment).where(eq(phonePayment.conversationId, conversationId));

describe("payment by phone (<Pay>)", () => {
  it("hands a verified caller to <Pay> for their balance and resumes with the result; nothing is charged twice", async () => {
    const t = await renterWithBalance();
    expect(t.balanceCents).toBeGreaterThan(0);
    const call = await callAndAskToPay(t);
    const payNode = find(call.doc, "Pay")!;
    expect(payNode.attrs).toMatchObject({
      paymentConnector: "Stripe_Oak",
      chargeAmount: `${Math.floor(t.balanceCents / 100)}.${String(t.balanceCents % 100).padStart(2, "0")}`,
      currency: "usd",
      securityCode: "true",
      postalCode: "true",
      paymentMethod: "credit-card",
    });
    expect(spoken(call.doc).join(" ")).toMatch(/keypad/i);
    const [open] = await paymentsOf(call.conversationId);
    expect(open).toMatchObject({ status: "pending", amountCents: t.balanceCents, rentalId: t.rentalId });

    const { run, res, send } = await pay(t, call, TEST_CARD);
    const doc = await twiml(res);
    const said = spoken(doc).join(" ");
    expect(said).toMatch(/went through/);
    expect(said).toMatch(/receipt is on its way/);
    // The conversation goes on: the next <Gather> is the turn after the hand-off.
    expect(find(doc, "Gather")!.attrs.action).toContain(`c=${call.conversationId}`);

    const [settled] = await paymentsOf(call.conversationId);
    expect(settled).toMatchObject({
      status: "succeeded",
      result: "success",
      cardBrand: "visa",
      stripePaymentIntentId: run.paymentIntentId,
    });
    expect(settled!.stripeChargeId).toMatch(/^ch_/);

    // Stripe's payment_intent.succeeded for the connector's charge reaches the Connect webhook too:
    // it is not one of our links, so it posts nothing of its own.
    const delivered = await stripe.connect.deliver(run.event!);
    expect(delivered.status).toBe(200);

    // Twilio repeats the action request: the same words, no second message, no second receipt.
    const before = await db.select().from(message).where(eq(message.conversationId, call.conversationId));
    const again = await twiml(await send());
    expect(spoken(again).join(" ")).toBe(said);
    const after = await db.select().from(message).where(eq(message.conversationId, call.conversationId));
    expect(after.length).toBe(before.length);
    const receipts = await db
      .select()
      .from(smsMessage)
      .where(and(eq(smsMessage.organizationId, t.s.org.id), eq(smsMessage.to, t.from)));
    // The receipt is the ledger's (payment.succeeded starts it once per payment), not a text of the
    // phone flow's own: run it as its workflow would, twice, and the caller has one receipt.
    expect(receipts.filter((m) => /received your payment/.test(m.body))).toHaveLength(0);
    const [paid] = await db.select().from(payment).where(eq(payment.organizationId, t.s.org.id));
    await sendPaymentReceipt(t.s.org.id, paid!.id);
    await sendPaymentReceipt(t.s.org.id, paid!.id);
    const texted = await db
      .select()
      .from(smsMessage)
      .where(and(eq(smsMessage.organizationId, t.s.org.id), eq(smsMessage.to, t.from)));
    expect(texted.filter((m) => /received your payment/.test(m.body))).toHaveLength(1);
    expect(texted.filter((m) => /payment received/.test(m.body))).toHaveLength(0);

    // In the ledger once: a card payment with the PaymentIntent, and the rental's balance is paid.
    const posted = await db.select().from(payment).where(eq(payment.organizationId, t.s.org.id));
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({
      amountCents: t.balanceCents,
      method: "card",
      rentalId: t.rentalId,
      stripePaymentIntentId: run.paymentIntentId,
      stripeAccountId: t.account,
    });
    const [paidRental] = await db.select().from(rental).where(eq(rental.id, t.rentalId));
    expect(paidRental!.balanceCents).toBe(0);
    // Asking to pay again: nothing is due, so no second <Pay>.
    const next = await call.say("I want to pay my balance");
    expect(find(next, "Pay")).toBeNull();
    expect(spoken(next).join(" ")).toMatch(/paid up/);
  });

  it("a declined card: nothing charged, the caller hears why and is offered a link; a second try opens a new attempt", async () => {
    const t = await renterWithBalance();
    const call = await callAndAskToPay(t);
    const { res } = await pay(t, call, { ...TEST_CARD, number: DECLINED_CARD });
    const doc = await twiml(res);
    expect(spoken(doc).join(" ")).toMatch(/didn't go through and nothing was charged/);
    const [failed] = await paymentsOf(call.conversationId);
    expect(failed).toMatchObject({ status: "failed", result: "payment-connector-error", stripePaymentIntentId: null });
    expect(failed!.errorMessage).toMatch(/declined/);
    expect([...stripe.connect.paymentIntents.values()].filter((p) => p.account === t.account)).toHaveLength(0);

    // Another card: asking to pay again opens a new attempt (the failed one stays failed).
    const retryDoc = await call.say("I want to pay my balance");
    const retry = find(retryDoc, "Pay");
    expect(retry).not.toBeNull();
    expect(new URL(retry!.attrs.action!).searchParams.get("p")).not.toBe(failed!.id);
    const rows = await paymentsOf(call.conversationId);
    expect(rows.map((r) => r.status).sort()).toEqual(["failed", "pending"]);
  });

  it("pressing * stops the payment with nothing charged and offers a link", async () => {
    const t = await renterWithBalance();
    const call = await callAndAskToPay(t);
    const { res } = await pay(t, call, { kind: "star" });
    expect(spoken(await twiml(res)).join(" ")).toMatch(/stopped the payment and nothing was charged/);
    const [row] = await paymentsOf(call.conversationId);
    expect(row).toMatchObject({ status: "failed", result: "caller-interrupted-with-star" });
  });

  it("a caller who hangs up mid-payment: the attempt is abandoned, nothing charged, and a text says what to do", async () => {
    const t = await renterWithBalance();
    const call = await callAndAskToPay(t);
    const { res } = await pay(t, call, { kind: "hangup", after: "expiry" });
    expect(find(await twiml(res), "Say")).toBeNull();
    const [row] = await paymentsOf(call.conversationId);
    expect(row).toMatchObject({ status: "abandoned", result: "caller-hung-up" });
    const texts = await db
      .select()
      .from(smsMessage)
      .where(and(eq(smsMessage.organizationId, t.s.org.id), eq(smsMessage.to, t.from)));
    expect(texts.map((m) => m.body).join(" ")).toMatch(/not finished, and nothing was charged/);
  });

  it("the call ends while <Pay> is open and no result came: the status callback abandons the attempt", async () => {
    const t = await renterWithBalance();
    const call = await callAndAskToPay(t);
    const status = await statusWebhook(
      twilioPost("/api/twilio/voice-status", {
        ...callOf(call.params),
        CallStatus: "completed",
        CallDuration: "95",
      }),
    );
    expect(status.status).toBe(204);
    const [row] = await paymentsOf(call.conversationId);
    expect(row).toMatchObject({ status: "abandoned", result: "call-ended" });
    // Twilio's late report of a charge still settles it: the money is not lost.
    const late = runPay(find(call.doc, "Pay")!, {
      call: callOf(call.params),
      caller: TEST_CARD,
      stripe,
      connectorAccount: t.account,
    });
    await payActionWebhook(postTo(late.action, late.params));
    const [settled] = await paymentsOf(call.conversationId);
    expect(settled).toMatchObject({ status: "succeeded", stripePaymentIntentId: late.paymentIntentId });
  });

  it("a success that is not on the organization's Stripe account goes to staff review, not the ledger", async () => {
    const t = await renterWithBalance();
    const call = await callAndAskToPay(t);
    // The Pay Connector is linked to some other Stripe account.
    const elsewhere = `acct_${randomBytes(8).toString("hex")}`;
    stripe.connect.accounts.set(elsewhere, { id: elsewhere, object: "account", charges_enabled: true });
    const payNode = find(call.doc, "Pay")!;
    const run = runPay(payNode, {
      call: callOf(call.params),
      caller: TEST_CARD,
      stripe,
      connectorAccount: elsewhere,
    });
    const doc = await twiml(await payActionWebhook(postTo(run.action, run.params)));
    expect(spoken(doc).join(" ")).toMatch(/being confirmed/);
    const [row] = await paymentsOf(call.conversationId);
    expect(row).toMatchObject({ status: "review", stripePaymentIntentId: null });
    const tasks = await db
      .select()
      .from(task)
      .where(and(eq(task.organizationId, t.s.org.id), eq(task.conversationId, call.conversationId)));
    expect(tasks.map((x) => x.title).join(" ")).toMatch(/Confirm a phone payment/);
  });

  it("without phone payments switched on, the agent offers a link by text and never opens <Pay>", async () => {
    const t = await renterWithBalance({ phonePay: false });
    const call = await callAndAskToPay(t);
    expect(find(call.doc, "Pay")).toBeNull();
    expect(spoken(call.doc).join(" ")).toMatch(/payment link/i);
    expect(await paymentsOf(call.conversationId)).toHaveLength(0);
  });

  it("another organization's pay action cannot settle this call's payment", async () => {
    const t = await renterWithBalance();
    const other = await renterWithBalance();
    const call = await callAndAskToPay(t);
    const otherCall = await callAndAskToPay(other);
    const mine = find(call.doc, "Pay")!;
    const theirs = find(otherCall.doc, "Pay")!;
    // The other call's action URL with this call's payment id: the payment is not found for that call.
    const forged = new URL(theirs.attrs.action!);
    forged.searchParams.set("p", new URL(mine.attrs.action!).searchParams.get("p")!);
    const run = runPay(
      { ...theirs, attrs: { ...theirs.attrs, action: forged.toString() } },
      {
        call: callOf(otherCall.params),
        caller: TEST_CARD,
        stripe,
        connectorAccount: other.account,
      },
    );
    await twiml(await payActionWebhook(postTo(run.action, run.params)));
    const [row] = await paymentsOf(call.conversationId);
    expect(row).toMatchObject({ status: "pending" });
  });

  it("on a ConversationRelay call the hand-off goes through the <Connect> action and the result reopens the relay", async () => {
    const t = await renterWithBalance();
    const call = await callAndAskToPay(t);
    const gatherPay = find(call.doc, "Pay")!;
    const paymentId = new URL(gatherPay.attrs.action!).searchParams.get("p")!;
    // The same hand-off as the relay session sends it in `end` (relay-session.ts).
    const handoff = {
      reason: "payment",
      transferTo: null,
      payment: { id: paymentId, amountCents: t.balanceCents, currency: "usd", connector: "Stripe_Oak" },
    };
    const relayDoc = await twiml(
      await relayActionWebhook(
        twilioPost(`/api/twilio/voice/relay-action?c=${call.conversationId}`, {
          ...callOf(call.params),
          SessionStatus: "ended",
          HandoffData: JSON.stringify(handoff),
        }),
      ),
    );
    const relayPay = find(relayDoc, "Pay")!;
    expect(relayPay.attrs.paymentConnector).toBe("Stripe_Oak");
    expect(new URL(relayPay.attrs.action!).searchParams.get("m")).toBe("relay");
    const run = runPay(relayPay, { call: callOf(call.params), caller: TEST_CARD, stripe, connectorAccount: t.account });
    const after = await twiml(await payActionWebhook(postTo(run.action, run.params)));
    const relay = find(after, "ConversationRelay")!;
    expect(relay.attrs.welcomeGreeting).toMatch(/went through/);
  });

  it("card digits reach neither the transcript, the database nor the logs", async () => {
    const out: string[] = [];
    const spyOut = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const spyErr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    try {
      const t = await renterWithBalance();
      const call = await callAndAskToPay(t);
      // A caller who reads their card out loud before the hand-off, then pays by keypad.
      await pay(t, call, TEST_CARD);
      await call.say(`my card is ${TEST_CARD.number.replace(/(\d{4})/g, "$1 ")} expiring ${TEST_CARD.expiry}`);
      const stored = JSON.stringify([
        await db.select().from(message).where(eq(message.conversationId, call.conversationId)),
        await db.select().from(conversation).where(eq(conversation.id, call.conversationId)),
        await paymentsOf(call.conversationId),
        await db.select().from(smsMessage).where(eq(smsMessage.organizationId, t.s.org.id)),
        await db.select().from(task).where(eq(task.organizationId, t.s.org.id)),
        await db.select().from(auditLog).where(eq(auditLog.organizationId, t.s.org.id)),
      ]);
      const logs = out.join("");
      for (const secret of [TEST_CARD.number, "4242 4242 4242 4242", "xxxx-xxxx-xxxx-4242", TEST_CARD.postalCode]) {
        expect(stored, `database holds ${secret}`).not.toContain(secret);
        expect(logs, `logs hold ${secret}`).not.toContain(secret);
      }
    } finally {
      spyOut.mockRestore();
      spyErr.mockRestore();
    }
  });
});
