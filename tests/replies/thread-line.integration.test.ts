import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { appendThreadLine } from "@/server/channels/staff-thread";
import { db, withOrg } from "@/server/db/client";
import { conversation, message } from "@/server/db/schema";

import { seedOrganization, type TestOrg } from "../factories";

/**
 * The one way a person's line (staff-chat.ts, staff-text.ts) or a customer's line in a thread a
 * person holds (staff-thread.ts) joins a transcript: under the conversation's row lock, at the next
 * seq, once per idempotency key, touching the thread and, when asked, handing it to the staff.
 */
let org: TestOrg;

beforeAll(async () => {
  org = await seedOrganization();
});

const thread = async () => {
  const [c] = await db
    .insert(conversation)
    .values({ organizationId: org.id, channel: "sms", updatedAt: new Date("2026-01-01T00:00:00Z") })
    .returning({ id: conversation.id });
  return c!.id;
};

const append = (
  conversationId: string,
  line: { role: "staff" | "caller"; text: string; idempotencyKey: string; now: Date; handler?: "staff" },
) =>
  withOrg(org.id, async (tx) => {
    await tx
      .select({ id: conversation.id })
      .from(conversation)
      .where(and(eq(conversation.organizationId, org.id), eq(conversation.id, conversationId)))
      .for("update");
    return appendThreadLine(tx, { organizationId: org.id, conversationId, ...line });
  });

const stateOf = async (conversationId: string) => {
  const [c] = await db
    .select({ handler: conversation.handler, updatedAt: conversation.updatedAt })
    .from(conversation)
    .where(eq(conversation.id, conversationId));
  const lines = await db
    .select({ seq: message.seq, role: message.role, text: message.text })
    .from(message)
    .where(eq(message.conversationId, conversationId))
    .orderBy(asc(message.seq));
  return { ...c!, lines };
};

describe("appendThreadLine", () => {
  it("adds lines at the next seq, touches the thread, and hands it to the staff only when asked", async () => {
    const id = await thread();
    const first = new Date("2026-03-01T10:00:00Z");
    expect(await append(id, { role: "caller", text: "hello?", idempotencyKey: "SM1", now: first })).toBe(1);
    expect(await stateOf(id)).toMatchObject({ handler: "agent", updatedAt: first });

    const second = new Date("2026-03-01T10:01:00Z");
    expect(
      await append(id, {
        role: "staff",
        text: "Hi, Dana here.",
        idempotencyKey: "staff:1",
        now: second,
        handler: "staff",
      }),
    ).toBe(2);
    expect(await stateOf(id)).toEqual({
      handler: "staff",
      updatedAt: second,
      lines: [
        { seq: 1, role: "caller", text: "hello?" },
        { seq: 2, role: "staff", text: "Hi, Dana here." },
      ],
    });
  });

  it("stores a retried line once and then changes nothing", async () => {
    const id = await thread();
    const at = new Date("2026-03-02T09:00:00Z");
    expect(await append(id, { role: "staff", text: "On my way.", idempotencyKey: "staff:k", now: at })).toBe(1);
    const retried = await append(id, {
      role: "staff",
      text: "On my way.",
      idempotencyKey: "staff:k",
      now: new Date("2026-03-02T09:05:00Z"),
      handler: "staff",
    });
    expect(retried).toBeNull();
    expect(await stateOf(id)).toEqual({
      handler: "agent",
      updatedAt: at,
      lines: [{ seq: 1, role: "staff", text: "On my way." }],
    });
  });

  it("numbers lines written at once without a gap or a clash", async () => {
    const id = await thread();
    const now = new Date("2026-03-03T12:00:00Z");
    const seqs = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        append(id, { role: i % 2 ? "staff" : "caller", text: `line ${i}`, idempotencyKey: `k${i}`, now }),
      ),
    );
    expect([...seqs].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
