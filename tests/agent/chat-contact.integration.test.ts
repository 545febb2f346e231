/**
 * Web chat has no caller ID: an e-mail is as good as a phone for a lead, a message or a reservation,
 * a name given up front is kept, and a typed size is never mistaken for an account question.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { db } from "@/server/db/client";
import { customer, lead, reservation } from "@/server/db/schema";

import { seedOrganization } from "../factories";
import { OPEN_NOW, seedAgentFacility } from "./seed";

async function chat(channel: "chat" | "voice" = "chat", fromAddress?: string) {
  const org = await seedOrganization();
  const { facility } = await seedAgentFacility(org.id);
  const start = await startConversation({
    organizationId: org.id,
    channel,
    facilityId: facility.id,
    fromAddress,
    now: OPEN_NOW,
  });
  const turn = (text: string) =>
    respond({ organizationId: org.id, conversationId: start.conversationId, text, now: OPEN_NOW, brain: "default" });
  return { org, facility, turn };
}

async function leadWithCustomer(leadId: string) {
  const [row] = await db
    .select({ lead, customer })
    .from(lead)
    .innerJoin(customer, eq(customer.id, lead.customerId))
    .where(eq(lead.id, leadId));
  return row!;
}

describe("agent: e-mail as a contact, names given up front, sizes typed", () => {
  it("greets an unprompted name, keeps it, and takes a chat message with only an e-mail as a chat lead", async () => {
    const { org, turn } = await chat();
    const hi = await turn("hi, my name is Jane Doe");
    expect(hi.reply).toMatch(/^Hi Jane\b/);
    expect(hi.reply).toMatch(/how can I help/i);
    expect(hi.state.slots.name).toBe("Jane Doe");

    const msg = await turn("can i leave a message for the manager");
    expect(msg.state.expecting).toBe("phone"); // the name is not asked again
    expect(msg.reply).toMatch(/phone number or e-mail/);

    const mail = await turn("jane.doe@example.com");
    expect(mail.reply).not.toMatch(/didn't catch/);
    expect(mail.state.expecting).toBe("message");
    expect(mail.state.leadId).toBeTruthy();

    const done = await turn("please call me about a ten by ten next week");
    expect(done.end).toEqual({ reason: "message_taken" });
    const row = await leadWithCustomer(done.state.leadId!);
    expect(row.lead).toMatchObject({ organizationId: org.id, source: "chat" });
    expect(row.lead.notes).toContain("please call me about a ten by ten");
    expect(row.customer).toMatchObject({ name: "Jane Doe", email: "jane.doe@example.com", phone: null });
  });

  it("a chat visitor who gives a name and an e-mail when asked for a number becomes a lead, and then '10x10' is about a unit", async () => {
    const { turn } = await chat();
    await turn("i'd like to reserve a 5x10");
    await turn("tomorrow");
    const name = await turn("sam o'brien");
    expect(name.state.expecting).toBe("phone");
    const mail = await turn("you can reach me at sam.obrien@example.org");
    expect(mail.reply).not.toMatch(/didn't catch/);
    expect(mail.state.leadId).toBeTruthy();
    expect(mail.state.expecting).toBe("confirm"); // the e-mail is the contact: no e-mail question either
    expect(mail.reply).toContain("sam.obrien@example.org");
    const row = await leadWithCustomer(mail.state.leadId!);
    expect(row.lead).toMatchObject({ source: "chat", desiredWidthFt: 5, desiredLengthFt: 10 });
    expect(row.customer.email).toBe("sam.obrien@example.org");

    const book = await turn("yes book it");
    const code = /confirmation code is ([A-Z0-9]{6})/.exec(book.reply)?.[1];
    expect(code).toBeTruthy();
    const [r] = await db.select().from(reservation).where(eq(reservation.confirmationCode, code!));
    expect(r).toMatchObject({ status: "active", channel: "chat" });

    const next = await turn("I want a 10x10");
    expect(next.intent).toBe("reserve_unit");
    expect(next.reply).toContain("$110/mo");
    expect(next.reply).not.toMatch(/payment link|on the account/);
  });

  it("after an answer it could not use, a typed size still gets a price, not the payment-link flow", async () => {
    const { turn } = await chat();
    await turn("can i leave a message");
    const miss = await turn("hmm");
    expect(miss.state.expecting).toBe("name");
    const size = await turn("I want a 10x10");
    expect(size.intent).toBe("reserve_unit");
    expect(size.state.flow).toBe("reserve");
    expect(size.reply).toContain("$110/mo");
    expect(size.state.pendingAccount).toBeNull();
  });

  it("a price question abandons a half-done verification instead of being taken for the account name", async () => {
    const { turn } = await chat();
    const pay = await turn("i need to make a payment");
    expect(pay.state.expecting).toBe("verification");
    const price = await turn("actually how much is a 10x10");
    expect(price.state.flow).toBe("quote");
    expect(price.state.pendingAccount).toBeNull();
    expect(price.reply).toContain("$110/mo");
  });

  it("a caller asked for a call-back number may give an e-mail instead (voice, caller ID declined)", async () => {
    const { turn } = await chat("voice", "+15125550161");
    await turn("can i leave a message");
    await turn("my name is bob stone");
    const ask = await turn("can you email me instead");
    expect(ask.state.expecting).toBe("email");
    const mail = await turn("bob dot stone at gmail dot com");
    expect(mail.state.expecting).toBe("message");
    const done = await turn("i want to know about moving my boat in");
    expect(done.end).toEqual({ reason: "message_taken" });
    const row = await leadWithCustomer(done.state.leadId!);
    expect(row.lead.source).toBe("call");
    expect(row.customer).toMatchObject({ name: "Bob Stone", email: "bob.stone@gmail.com", phone: "+15125550161" });
  });

  it("a name alone is no lead: without a phone or an e-mail nothing is saved and the question stands", async () => {
    const { turn } = await chat();
    await turn("can i leave a message");
    await turn("my name is nora quinn");
    const t = await turn("hmm");
    expect(t.state.leadId ?? null).toBeNull();
    expect(t.state.expecting).toBe("phone");
  });
});
