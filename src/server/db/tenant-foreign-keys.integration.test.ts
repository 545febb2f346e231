import { randomUUID } from "node:crypto";

import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { db } from "./client";
import {
  conversation,
  customer,
  facility,
  fee,
  followUpSequence,
  knowledgeBaseEntry,
  lead,
  member,
  message,
  organization,
  payment,
  reservation,
  task,
  unit,
  unitType,
  user,
} from "./schema";

/**
 * Tenant references are composite foreign keys (issue 20, item 9; schema/tenant-keys.ts): a row of one
 * organization naming another organization's row is refused by the database itself, on insert and
 * on update, for every reference between tenant tables.
 */

/** The one reference between tenant tables that stays single-column, and why (docs/security.md). */
const SINGLE_COLUMN_BY_DESIGN = ["email_attachment.email_id"]; // platform mail has no organization

interface Tenant {
  orgId: string;
  memberId: string;
  facilityId: string;
  unitTypeId: string;
  unitId: string;
  customerId: string;
  leadId: string;
  conversationId: string;
}

async function seedTenant(): Promise<Tenant> {
  const orgId = `org-${randomUUID()}`;
  const userId = `user-${randomUUID()}`;
  await db.insert(organization).values({ id: orgId, name: "Tenant", slug: orgId });
  await db.insert(user).values({ id: userId, name: "Staff", email: `${userId}@example.test` });
  const [m] = await db
    .insert(member)
    .values({ id: `mem-${randomUUID()}`, organizationId: orgId, userId, role: "member" })
    .returning();
  const [f] = await db.insert(facility).values({ organizationId: orgId, name: "F", slug: "f" }).returning();
  const [ut] = await db
    .insert(unitType)
    .values({
      organizationId: orgId,
      facilityId: f!.id,
      name: "10x10",
      widthFt: 10,
      lengthFt: 10,
      streetRateCents: 10_000,
      webRateCents: 9_000,
    })
    .returning();
  const [u] = await db
    .insert(unit)
    .values({ organizationId: orgId, facilityId: f!.id, unitTypeId: ut!.id, number: "A1" })
    .returning();
  const [c] = await db.insert(customer).values({ organizationId: orgId }).returning();
  const [l] = await db.insert(lead).values({ organizationId: orgId, customerId: c!.id, source: "web" }).returning();
  const [cv] = await db
    .insert(conversation)
    .values({ organizationId: orgId, channel: "sms", leadId: l!.id, facilityId: f!.id })
    .returning();
  return {
    orgId,
    memberId: m!.id,
    facilityId: f!.id,
    unitTypeId: ut!.id,
    unitId: u!.id,
    customerId: c!.id,
    leadId: l!.id,
    conversationId: cv!.id,
  };
}

/** A customer with no lead yet (a customer has at most one lead). */
async function newCustomer(orgId: string) {
  const [c] = await db.insert(customer).values({ organizationId: orgId }).returning();
  return c!.id;
}

/** Runs `write` and returns the foreign key it violated (null when it succeeded). */
async function violatedKey(write: () => Promise<unknown>): Promise<string | null> {
  try {
    await write();
    return null;
  } catch (e) {
    const cause = (e as { cause?: { code?: string; constraint?: string } }).cause;
    if (cause?.code !== "23503") throw e;
    return cause.constraint ?? "?";
  }
}

let a: Tenant;
let b: Tenant;
beforeAll(async () => {
  [a, b] = await Promise.all([seedTenant(), seedTenant()]);
});

describe("tenant foreign keys", () => {
  it("every reference between tenant tables is (organization_id, column) onto (organization_id, id)", async () => {
    const res = await db.execute<{
      ref: string;
      cols: string[];
      pcols: string[];
      setnull: string[] | null;
      action: string;
      valid: boolean;
    }>(sql`
      select c.conrelid::regclass::text || '.' || (select attname from pg_attribute where attrelid = c.conrelid and attnum = c.conkey[array_length(c.conkey, 1)]) as ref,
             array(select attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute on attrelid = c.conrelid and attnum = k.n order by i) as cols,
             array(select attname::text from unnest(c.confkey) with ordinality k(n, i) join pg_attribute on attrelid = c.confrelid and attnum = k.n order by i) as pcols,
             array(select attname::text from unnest(c.confdelsetcols) k(n) join pg_attribute on attrelid = c.conrelid and attnum = k.n) as setnull,
             c.confdeltype::text as action, c.convalidated as valid
        from pg_constraint c
       where c.contype = 'f' and c.connamespace = 'public'::regnamespace
         and c.confrelid <> 'organization'::regclass
         and exists (select 1 from pg_attribute x where x.attrelid = c.conrelid and x.attname = 'organization_id' and not x.attisdropped)
         and exists (select 1 from pg_attribute y where y.attrelid = c.confrelid and y.attname = 'organization_id' and not y.attisdropped)
       order by 1`);
    const single = res.rows.filter((r) => r.cols.length === 1).map((r) => r.ref);
    expect(single).toEqual(SINGLE_COLUMN_BY_DESIGN);
    const composite = res.rows.filter((r) => r.cols.length > 1);
    expect(composite.length).toBeGreaterThanOrEqual(70);
    for (const r of composite) {
      const column = r.cols[1]!;
      expect({ ref: r.ref, cols: r.cols, pcols: r.pcols, valid: r.valid }).toEqual({
        ref: r.ref,
        cols: ["organization_id", column],
        pcols: ["organization_id", "id"],
        valid: true,
      });
      // SET NULL must null the reference only: organization_id is NOT NULL, a plain SET NULL fails the delete.
      if (r.action === "n") expect({ ref: r.ref, setnull: r.setnull }).toEqual({ ref: r.ref, setnull: [column] });
    }
  });

  it("refuses a row that names another organization's parent, and accepts its own", async () => {
    const cases: [string, (t: Tenant) => Promise<unknown>][] = [
      [
        "unit_type_facility_id_tenant_fk",
        (t) =>
          db.insert(unitType).values({
            organizationId: a.orgId,
            facilityId: t.facilityId,
            name: `x${randomUUID()}`,
            widthFt: 5,
            lengthFt: 5,
            streetRateCents: 1,
            webRateCents: 1,
          }),
      ],
      [
        "unit_facility_id_tenant_fk",
        (t) =>
          db.insert(unit).values({
            organizationId: a.orgId,
            facilityId: t.facilityId,
            unitTypeId: a.unitTypeId,
            number: randomUUID(),
          }),
      ],
      [
        "unit_unit_type_id_tenant_fk",
        (t) =>
          db.insert(unit).values({
            organizationId: a.orgId,
            facilityId: a.facilityId,
            unitTypeId: t.unitTypeId,
            number: randomUUID(),
          }),
      ],
      [
        "knowledge_base_entry_facility_id_tenant_fk",
        (t) =>
          db
            .insert(knowledgeBaseEntry)
            .values({ organizationId: a.orgId, facilityId: t.facilityId, kind: "faq", question: "q", answer: "a" }),
      ],
      [
        "fee_facility_id_tenant_fk",
        (t) =>
          db.insert(fee).values({ organizationId: a.orgId, facilityId: t.facilityId, name: "Lock", amountCents: 500 }),
      ],
      [
        "lead_customer_id_tenant_fk",
        async (t) =>
          db.insert(lead).values({ organizationId: a.orgId, customerId: await newCustomer(t.orgId), source: "web" }),
      ],
      [
        "lead_facility_id_tenant_fk",
        async (t) =>
          db.insert(lead).values({
            organizationId: a.orgId,
            customerId: await newCustomer(a.orgId),
            facilityId: t.facilityId,
            source: "web",
          }),
      ],
      [
        "lead_owner_member_id_tenant_fk",
        async (t) =>
          db.insert(lead).values({
            organizationId: a.orgId,
            customerId: await newCustomer(a.orgId),
            ownerMemberId: t.memberId,
            source: "web",
          }),
      ],
      [
        "conversation_lead_id_tenant_fk",
        (t) => db.insert(conversation).values({ organizationId: a.orgId, channel: "sms", leadId: t.leadId }),
      ],
      [
        "conversation_customer_id_tenant_fk",
        (t) => db.insert(conversation).values({ organizationId: a.orgId, channel: "sms", customerId: t.customerId }),
      ],
      [
        "message_conversation_id_tenant_fk",
        (t) =>
          db.insert(message).values({
            organizationId: a.orgId,
            conversationId: t.conversationId,
            seq: 1_000 + Math.floor(Math.random() * 1e6),
            role: "caller",
            text: "hi",
          }),
      ],
      [
        "task_assignee_member_id_tenant_fk",
        (t) =>
          db.insert(task).values({
            organizationId: a.orgId,
            title: "Call back",
            kind: "follow_up",
            createdBy: "test",
            assigneeMemberId: t.memberId,
          }),
      ],
      [
        "follow_up_sequence_lead_id_tenant_fk",
        (t) =>
          db.insert(followUpSequence).values({
            organizationId: a.orgId,
            leadId: t.leadId,
            workflowId: randomUUID(),
            trigger: "quote_no_booking",
          }),
      ],
      [
        "payment_customer_id_tenant_fk",
        (t) =>
          db
            .insert(payment)
            .values({ organizationId: a.orgId, customerId: t.customerId, amountCents: 100, method: "cash" }),
      ],
      [
        "reservation_customer_id_tenant_fk",
        (t) =>
          db.insert(reservation).values({
            organizationId: a.orgId,
            facilityId: a.facilityId,
            unitTypeId: a.unitTypeId,
            unitId: a.unitId,
            customerId: t.customerId,
            moveInDate: "2030-01-01",
            quotedMonthlyRateCents: 9_000,
            quote: {},
            confirmationCode: randomUUID(),
            holdExpiresAt: new Date(Date.now() + 86_400_000),
            channel: "web",
            createdBy: "test",
            status: "cancelled",
          }),
      ],
    ];
    for (const [key, write] of cases) {
      expect({ key, violated: await violatedKey(() => write(b)) }).toEqual({ key, violated: key });
      expect({ key, violated: await violatedKey(() => write(a)) }).toEqual({ key, violated: null });
    }
  });

  it("refuses an update that points an existing row at another organization's parent", async () => {
    expect(
      await violatedKey(() =>
        db.update(conversation).set({ facilityId: b.facilityId }).where(eq(conversation.id, a.conversationId)),
      ),
    ).toBe("conversation_facility_id_tenant_fk");
    expect(
      await violatedKey(() => db.update(unit).set({ unitTypeId: b.unitTypeId }).where(eq(unit.id, a.unitId))),
    ).toBe("unit_unit_type_id_tenant_fk");
  });

  it("deleting a parent nulls only the reference (SET NULL) or takes the child along (CASCADE)", async () => {
    const t = await seedTenant();
    const [entry] = await db
      .insert(knowledgeBaseEntry)
      .values({ organizationId: t.orgId, facilityId: t.facilityId, kind: "faq", question: "q", answer: "a" })
      .returning();
    const [todo] = await db
      .insert(task)
      .values({ organizationId: t.orgId, title: "t", kind: "follow_up", createdBy: "test", leadId: t.leadId })
      .returning();
    await db.delete(lead).where(eq(lead.id, t.leadId));
    const [conv] = await db.select().from(conversation).where(eq(conversation.id, t.conversationId));
    expect(conv).toMatchObject({ organizationId: t.orgId, leadId: null, facilityId: t.facilityId });
    expect((await db.select().from(task).where(eq(task.id, todo!.id)))[0]).toMatchObject({
      organizationId: t.orgId,
      leadId: null,
    });

    await db.delete(unit).where(eq(unit.id, t.unitId));
    await db.delete(unitType).where(eq(unitType.id, t.unitTypeId));
    await db.delete(facility).where(eq(facility.id, t.facilityId));
    expect((await db.select().from(conversation).where(eq(conversation.id, t.conversationId)))[0]).toMatchObject({
      organizationId: t.orgId,
      facilityId: null,
    });
    expect(await db.select().from(knowledgeBaseEntry).where(eq(knowledgeBaseEntry.id, entry!.id))).toEqual([]);
  });
});
