import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { auditLog } from "@/server/db/schema";
import { createTask } from "@/server/domain/tasks/create-task";

import { callerFor, seedMember, seedOrganization, type TestOrg } from "../factories";

/** The inbox through tRPC (issue 22): list, filters, counts, assign, done and undone, due time, add by hand. */
const AGENT = { label: "agent" };
let org: TestOrg;
let owner: Awaited<ReturnType<typeof callerFor>>;
let staff: Awaited<ReturnType<typeof callerFor>>;
let staffMemberId: string;
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

beforeAll(async () => {
  org = await seedOrganization();
  const s = await seedMember(org, "staff");
  staffMemberId = s.memberId;
  owner = await callerFor(org.owner);
  staff = await callerFor(s);
});

async function seedTasks(orgId: string) {
  return withOrg(orgId, async (tx) => {
    const message = await createTask(tx, orgId, AGENT, {
      kind: "message",
      title: "Message from Sam Ortiz",
      body: "have the manager call me back about a billing question",
      contactName: "Sam Ortiz",
      contactPhone: "(512) 555-0142",
      dueAt: minutes(-30),
    });
    const callback = await createTask(tx, orgId, AGENT, {
      kind: "callback",
      priority: "urgent",
      title: "Call back Ana",
      contactPhone: "+15125550150",
      dueAt: minutes(-5),
    });
    const transfer = await createTask(tx, orgId, AGENT, {
      kind: "failed_transfer",
      title: "Transfer not answered",
      dueAt: minutes(60),
    });
    return { message: message.task, callback: callback.task, transfer: transfer.task };
  });
}

describe("tasks (the inbox)", () => {
  it("lists open tasks by due time, filters by kind, and counts them", async () => {
    const t = await seedTasks(org.id);
    const open = await owner.tasks.list({});
    const ids = open.items.map((i) => i.id);
    expect(ids.indexOf(t.message.id)).toBeLessThan(ids.indexOf(t.callback.id));
    expect(ids.indexOf(t.callback.id)).toBeLessThan(ids.indexOf(t.transfer.id));
    expect(open.items.find((i) => i.id === t.message.id)).toMatchObject({
      contactName: "Sam Ortiz",
      contactPhone: "+15125550142",
      body: "have the manager call me back about a billing question",
      assigneeMemberId: null,
    });
    const messages = await owner.tasks.list({ kind: "message" });
    expect(messages.items.every((i) => i.kind === "message")).toBe(true);
    expect(messages.items.map((i) => i.id)).toContain(t.message.id);

    const counts = await owner.tasks.counts();
    expect(counts.open).toBeGreaterThanOrEqual(3);
    expect(counts.overdue).toBeGreaterThanOrEqual(2);
    expect(counts.urgent).toBeGreaterThanOrEqual(1);
    expect(counts.byKind.failed_transfer).toBeGreaterThanOrEqual(1);
  });

  it("assigns to a member, whose 'mine' then holds it; refuses someone of another organization", async () => {
    const t = await seedTasks(org.id);
    const before = await staff.tasks.counts();
    const assigned = await owner.tasks.assign({ taskId: t.message.id, memberId: staffMemberId });
    expect(assigned.assigneeMemberId).toBe(staffMemberId);
    const mine = await staff.tasks.list({ assignee: "me" });
    expect(mine.items.map((i) => i.id)).toContain(t.message.id);
    expect(mine.items.find((i) => i.id === t.message.id)?.assigneeName).toBe("staff user");
    expect((await staff.tasks.counts()).mine).toBe(before.mine + 1);
    const unassigned = await owner.tasks.list({ assignee: "unassigned" });
    expect(unassigned.items.map((i) => i.id)).not.toContain(t.message.id);

    const other = await seedOrganization();
    const outsider = await seedMember(other, "manager");
    await expect(owner.tasks.assign({ taskId: t.callback.id, memberId: outsider.memberId })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await owner.tasks.assign({ taskId: t.message.id, memberId: null });
    expect((await staff.tasks.counts()).mine).toBe(before.mine);
  });

  it("marks done (kept from the first click) and open again, each audited", async () => {
    const t = await seedTasks(org.id);
    const done = await staff.tasks.setDone({ taskId: t.callback.id, done: true });
    expect(done.doneAt).toBeInstanceOf(Date);
    const again = await owner.tasks.setDone({ taskId: t.callback.id, done: true });
    expect(again.doneAt).toEqual(done.doneAt);
    expect(again.doneByUserId).toBe(done.doneByUserId);
    expect((await owner.tasks.list({})).items.map((i) => i.id)).not.toContain(t.callback.id);
    expect((await owner.tasks.list({ status: "done" })).items[0]?.id).toBe(t.callback.id);

    const reopened = await owner.tasks.setDone({ taskId: t.callback.id, done: false });
    expect(reopened.doneAt).toBeNull();
    expect((await owner.tasks.list({})).items.map((i) => i.id)).toContain(t.callback.id);
    const audits = await db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org.id), eq(auditLog.targetId, t.callback.id)));
    expect(audits.map((a) => a.action).sort()).toEqual(
      ["task.created", "task.done", "task.done", "task.reopened"].sort(),
    );
  });

  it("moves a due time and pages through a long inbox without repeats", async () => {
    const t = await seedTasks(org.id);
    const later = minutes(24 * 60);
    const moved = await owner.tasks.reschedule({ taskId: t.message.id, dueAt: later });
    expect(moved.dueAt.getTime()).toBe(later.getTime());

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof owner.tasks.list>> = await owner.tasks.list({ limit: 2, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe((await owner.tasks.counts()).open);
  });

  it("adds a task by hand with a customer's contact, and refuses another organization's customer", async () => {
    const { customer: c } = await owner.customers.upsert({ name: "Lee Hand", phone: "+15125550161" });
    const made = await owner.tasks.create({
      kind: "callback",
      title: "Call Lee about the gate",
      customerId: c.id,
      assigneeMemberId: staffMemberId,
    });
    expect(made).toMatchObject({
      contactName: "Lee Hand",
      contactPhone: "+15125550161",
      assigneeMemberId: staffMemberId,
      createdBy: org.owner.email,
    });

    const other = await seedOrganization();
    const { customer: theirs } = await (
      await callerFor(other.owner)
    ).customers.upsert({ name: "Not Yours", phone: "+15125550162" });
    await expect(owner.tasks.create({ kind: "callback", title: "x", customerId: theirs.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    // A callback number nobody can dial is refused, and nothing is added; one written any usual way is kept as E.164.
    const before = (await owner.tasks.list({})).items.length;
    await expect(
      owner.tasks.create({ kind: "callback", title: "Call back", contactName: "QA", contactPhone: "abc" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/phone number we can dial/) });
    expect((await owner.tasks.list({})).items).toHaveLength(before);
    const typed = await owner.tasks.create({ kind: "callback", title: "Call Kim", contactPhone: "(512) 555-0163" });
    expect(typed.contactPhone).toBe("+15125550163");
  });

  it("shows nothing of another organization's tasks", async () => {
    const other = await seedOrganization();
    const theirs = await seedTasks(other.id);
    const mine = await owner.tasks.list({ limit: 100 });
    expect(mine.items.map((i) => i.id)).not.toContain(theirs.message.id);
    await expect(owner.tasks.setDone({ taskId: theirs.message.id, done: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
