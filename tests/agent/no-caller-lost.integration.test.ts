/**
 * No caller lost (issue 21): whatever a conversation knew when it ended is saved once (a message or
 * call-back task, a lead for a caller who heard a price), the reply to one question that is the
 * message itself is kept, and the staff alert for a message carries the caller's words.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { endConversation, respond, startConversation } from "@/server/agent/engine";
import { raiseEventAlert } from "@/server/alerts/events";
import { saveAlertSettings } from "@/server/alerts/settings";
import { listCalls } from "@/server/calls/list-calls";
import { db, withOrg } from "@/server/db/client";
import { conversation, customer, lead, operatorAlert, task } from "@/server/db/schema";

import { seedOrganization, unique } from "../factories";
import { CLOSED_NOW, OPEN_NOW, seedAgentFacility } from "./seed";

const CALLER = "+15125550142";

async function call(now: Date, channel: "voice" | "chat" = "voice") {
  const org = await seedOrganization();
  const { facility } = await seedAgentFacility(org.id);
  const start = await startConversation({
    organizationId: org.id,
    channel,
    facilityId: facility.id,
    fromAddress: channel === "voice" ? CALLER : null,
    now,
  });
  const turn = (text: string) =>
    respond({ organizationId: org.id, conversationId: start.conversationId, text, now, brain: "default" });
  const hangUp = () => endConversation({ organizationId: org.id, conversationId: start.conversationId, now });
  return { org, facility, turn, hangUp, conversationId: start.conversationId };
}

const tasksOf = (orgId: string) => db.select().from(task).where(eq(task.organizationId, orgId));

describe("agent: no caller lost", () => {
  it("a caller who hangs up at the call-back question leaves a call-back task with name and number, once", async () => {
    const c = await call(CLOSED_NOW);
    await c.turn("can i talk to somebody");
    const ask = await c.turn("sam ortiz");
    expect(ask.reply).toMatch(/call you back/);
    expect(await tasksOf(c.org.id)).toEqual([]);
    await c.hangUp();
    await c.hangUp(); // a repeated status callback saves nothing twice
    const rows = await tasksOf(c.org.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "callback",
      contactName: "Sam Ortiz",
      contactPhone: CALLER,
      conversationId: c.conversationId,
    });
    const [conv] = await db.select().from(conversation).where(eq(conversation.id, c.conversationId));
    expect(conv!.outcome).toBe("message");
  });

  it("takes the message said in reply to the call-back question, and the alert carries the words", async () => {
    const c = await call(CLOSED_NOW);
    const email = `${unique("ops")}@example.test`;
    await saveAlertSettings(db, c.org.id, {
      emailRecipients: [email],
      rules: { message_taken: { enabled: true, email: true, sms: false } },
    });
    await c.turn("can i talk to the manager");
    await c.turn("sam ortiz");
    const done = await c.turn("have the manager call me back about a billing question");
    expect(done.end).toEqual({ reason: "message_taken" });
    expect(done.actions.map((a) => a.name)).not.toContain("verify_caller");
    const [t] = await tasksOf(c.org.id);
    expect(t).toMatchObject({ kind: "message", contactName: "Sam Ortiz", contactPhone: CALLER });
    expect(t!.body).toContain("billing question");

    const fired = await raiseEventAlert(c.org.id, "message_taken", t!.id);
    expect(fired).toMatchObject({ fired: true });
    const [alert] = await db.select().from(operatorAlert).where(eq(operatorAlert.organizationId, c.org.id));
    expect(alert!.body).toContain("have the manager call me back about a billing question");
    expect(alert!.body).toContain("Sam Ortiz");
    // The number as people write it (issue 22: phones formatted).
    expect(alert!.body).toContain("(512) 555-0142");
  });

  it("a caller who hears a price and hangs up is a quoted lead from the caller ID", async () => {
    const c = await call(OPEN_NOW);
    const quote = await c.turn("how much is a ten by ten");
    expect(quote.reply).toMatch(/\$\d+/);
    await c.hangUp();
    const [l] = await db
      .select({ status: lead.status, notes: lead.notes, w: lead.desiredWidthFt, phone: customer.phone })
      .from(lead)
      .innerJoin(customer, eq(customer.id, lead.customerId))
      .where(and(eq(lead.organizationId, c.org.id)));
    expect(l).toMatchObject({ status: "quoted", w: 10, phone: CALLER });
    expect(l!.notes).toMatch(/Quoted .*\$\d+\/mo/);
  });

  it("asks the name once after a declined quote, keeps it on the quoted lead, and a goodbye then ends the call", async () => {
    const c = await call(OPEN_NOW);
    await c.turn("how much is a ten by ten");
    const ask = await c.turn("no thanks i'll think about it");
    expect(ask.reply).toMatch(/Can I get your name, so I can note this price for you\?$/);
    expect(ask.state.expecting).toBe("name");
    const noted = await c.turn("sam ortiz");
    expect(noted.reply).toMatch(/^Thanks, Sam! I've noted the \$\d+\/mo price for you\./);
    const bye = await c.turn("no that's all bye");
    expect(bye.end).toEqual({ reason: "goodbye" });
    expect(bye.reply).not.toMatch(/name/);
    await c.hangUp();
    const rows = await db
      .select({ status: lead.status, name: customer.name })
      .from(lead)
      .innerJoin(customer, eq(customer.id, lead.customerId))
      .where(eq(lead.organizationId, c.org.id));
    expect(rows).toEqual([{ status: "quoted", name: "Sam Ortiz" }]);
    // The Calls list names the caller.
    const list = await withOrg(c.org.id, (tx) => listCalls(tx, c.org.id, {}));
    expect(list.items.map((i) => i.callerName)).toEqual(["Sam Ortiz"]);
  });

  it("a name said on the way out after a quote is kept on the lead, not asked for again", async () => {
    const c = await call(OPEN_NOW);
    await c.turn("what are you asking for the ten by tens");
    const bye = await c.turn("hmm alright this is jordan pike by the way i'll call you back");
    expect(bye.reply).toMatch(/^Thanks, Jordan! I've noted the \$\d+\/mo price for you\./);
    expect(bye.reply).not.toMatch(/your name/);
    expect(bye.end).toEqual({ reason: "goodbye" });
    await c.hangUp();
    const rows = await db
      .select({ status: lead.status, name: customer.name, phone: customer.phone })
      .from(lead)
      .innerJoin(customer, eq(customer.id, lead.customerId))
      .where(eq(lead.organizationId, c.org.id));
    expect(rows).toEqual([{ status: "quoted", name: "Jordan Pike", phone: CALLER }]);
  });

  it("asks a Spanish caller the name as a sentence of its own after a declined quote", async () => {
    const c = await call(OPEN_NOW);
    await c.turn("¿cuánto cuesta una bodega de diez por diez?");
    const ask = await c.turn("no gracias");
    expect(ask.reply).toBe("No hay problema. ¿Me da su nombre para anotarle este precio?");
  });

  it('"ok let me think about it" to "would you like to reserve one?" is a no, never the start of a booking', async () => {
    const c = await call(OPEN_NOW);
    await c.turn("how much is one of your five by tens");
    const r = await c.turn("ok let me think about it");
    expect(r.state.flow).not.toBe("reserve");
    expect(r.reply).not.toMatch(/move in/);
    expect(r.reply).toMatch(/note this price/);
  });

  it("a tenant asking to be called back about a payment matter leaves a message, not a payment link", async () => {
    const c = await call(CLOSED_NOW);
    await c.turn("hi i rent a unit with you guys and need someone to call me about my autopay");
    await c.turn("jordan pike");
    const done = await c.turn("yes it keeps failing on my card");
    expect(done.actions.map((a) => a.name)).not.toContain("send_link_sms");
    await c.hangUp();
    const rows = await tasksOf(c.org.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ contactName: "Jordan Pike", contactPhone: CALLER });
    expect(`${rows[0]!.body}`).toMatch(/autopay|failing/);
  });

  it("a web chat visitor with no contact leaves nothing to save, and nothing is invented", async () => {
    const c = await call(CLOSED_NOW, "chat");
    await c.turn("can I leave a message");
    await c.hangUp();
    expect(await tasksOf(c.org.id)).toEqual([]);
  });
  it("a caller who reports something out of order and hangs up at the offer leaves an urgent message with the words", async () => {
    const c = await call(OPEN_NOW);
    const offer = await c.turn("hey the gate at the back won't open");
    expect(offer.reply).toMatch(/connect you with someone at the office, or take an urgent message/);
    expect(await tasksOf(c.org.id)).toEqual([]);
    await c.hangUp();
    await c.hangUp();
    const rows = await tasksOf(c.org.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "message", priority: "urgent", contactPhone: CALLER });
    expect(rows[0]!.body).toContain("the gate at the back won't open");
  });

  it("a caller who says no to passing a problem on leaves nothing behind for it", async () => {
    const c = await call(OPEN_NOW);
    await c.turn("my lock is broken");
    const no = await c.turn("no thanks i'll stop by later");
    expect(no.end).toBeNull();
    await c.hangUp();
    expect(await tasksOf(c.org.id)).toEqual([]);
  });

  it("a texter who reports a problem and goes quiet at the offer of a message leaves it, urgent", async () => {
    const c = await call(CLOSED_NOW, "chat");
    const offer = await c.turn("hi this is dana, 512-555-0188, the light in hallway b is out");
    expect(offer.reply).toMatch(/urgent message/);
    await c.hangUp();
    const rows = await tasksOf(c.org.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "message", priority: "urgent" });
    expect(rows[0]!.body).toContain("light in hallway b is out");
  });
});
