import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db, withOrg } from "@/server/db/client";
import { auditLog, organization, task } from "@/server/db/schema";
import { createTask } from "@/server/domain/tasks/create-task";

import { unique } from "../factories";
import { ACTOR } from "../inventory/helpers";

async function seedOrg() {
  const id = unique("task-org");
  await db.insert(organization).values({ id, name: "Task Storage", slug: id });
  return id;
}

describe("createTask", () => {
  it("writes the task and its audit row, with the phone as E.164", async () => {
    const org = await seedOrg();
    const { task: t, created } = await withOrg(org, (tx) =>
      createTask(tx, org, ACTOR, {
        kind: "message",
        title: "Call back Sam Ortiz",
        body: "have the manager call me back about a billing question",
        contactName: "Sam Ortiz",
        contactPhone: "(512) 555-0142",
      }),
    );
    expect(created).toBe(true);
    expect(t).toMatchObject({ organizationId: org, kind: "message", priority: "normal", contactPhone: "+15125550142" });
    expect(t.doneAt).toBeNull();
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, org), eq(auditLog.targetId, t.id)));
    expect(audits.map((a) => a.action)).toEqual(["task.created"]);
  });

  it("is idempotent by source key: the second call returns the first task and writes nothing", async () => {
    const org = await seedOrg();
    const input = { kind: "callback" as const, title: "Call back", sourceKey: "conversation:abc:message" };
    const first = await withOrg(org, (tx) => createTask(tx, org, ACTOR, input));
    const second = await withOrg(org, (tx) => createTask(tx, org, ACTOR, { ...input, title: "Another title" }));
    expect(second).toEqual({ task: first.task, created: false });
    const rows = await db.select().from(task).where(eq(task.organizationId, org));
    expect(rows).toHaveLength(1);
    const audits = await db.select().from(auditLog).where(eq(auditLog.organizationId, org));
    expect(audits).toHaveLength(1);
  });

  it("keeps source keys per organization", async () => {
    const [a, b] = [await seedOrg(), await seedOrg()];
    const input = { kind: "message" as const, title: "Message", sourceKey: "conversation:same:message" };
    const ta = await withOrg(a, (tx) => createTask(tx, a, ACTOR, input));
    const tb = await withOrg(b, (tx) => createTask(tx, b, ACTOR, input));
    expect(tb.created).toBe(true);
    expect(tb.task.id).not.toBe(ta.task.id);
  });

  it("refuses a task without a title and writes nothing", async () => {
    const org = await seedOrg();
    await expect(withOrg(org, (tx) => createTask(tx, org, ACTOR, { kind: "other", title: "  " }))).rejects.toThrow();
    expect(await db.select().from(task).where(eq(task.organizationId, org))).toHaveLength(0);
  });
});
