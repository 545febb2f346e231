import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";

import { withOrg } from "@/server/db/client";
import { recordPaymentFailed, recordPaymentReceived } from "@/server/domain/ledger/payments";
import { createReservation } from "@/server/domain/reservations/create-reservation";

import { ACTOR, seedFacility } from "../inventory/helpers";
import { seedApiOrg } from "../public-api/helpers";
import { daysFromToday, type TestOrg } from "../factories";

import { gql } from "./helpers";

/** Statements the app sends, counted as tests/graphql/statements.integration.test.ts counts them. */
let recorded: string[] | null = null;
const clientQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const q = args[0] as string | { text?: string };
  recorded?.push(typeof q === "string" ? q : (q.text ?? ""));
  return clientQuery.apply(this, args);
};

let org: TestOrg;
let key: string;
/** Customers (newest first, as `customers` lists them) with their reservation and payments (newest first). */
const customers: { id: string; reservationId: string; payments: number[] }[] = [];

async function pay(customerId: string, reservationId: string, amountCents: number) {
  await withOrg(org.id, (tx) =>
    recordPaymentReceived(tx, org.id, ACTOR, { customerId, reservationId, amountCents, method: "cash" }),
  );
}

beforeAll(async () => {
  ({ org, key } = await seedApiOrg(["read"]));
  const { unitType } = await seedFacility(org.id, { units: 12 });
  for (let i = 0; i < 10; i++) {
    const r = await withOrg(org.id, (tx) =>
      createReservation(tx, org.id, ACTOR, {
        unitTypeId: unitType.id,
        moveInDate: daysFromToday(45),
        channel: "web",
        customer: { name: `Payer ${i}`, email: `payer-${i}-${org.id}@example.test` },
      }),
    );
    const amounts = [1_000 + i, 2_000 + i, 3_000 + i, 4_000 + i].slice(0, 1 + (i % 4));
    for (const a of amounts) await pay(r.reservation.customerId, r.reservation.id, a);
    customers.unshift({ id: r.reservation.customerId, reservationId: r.reservation.id, payments: amounts.reverse() });
  }
  // A declined card attempt of the first customer: a payment with status failed.
  const first = customers[customers.length - 1]!;
  await withOrg(org.id, (tx) =>
    recordPaymentFailed(tx, org.id, {
      customerId: first.id,
      reservationId: first.reservationId,
      amountCents: 999,
      method: "card",
      source: "stripe",
      stripe: { accountId: "acct_x", paymentIntentId: `pi_declined_${org.id}` },
      failureMessage: "Your card was declined.",
    }),
  );
  first.payments.unshift(999);
});

const NESTED = `query($n: Int) { customers(first: $n) { nodes { id
  payments(first: 2) { nodes { amountCents status customer { id } reservation { id } } pageInfo { hasNextPage endCursor } } } } }`;

describe("GraphQL payments", () => {
  it("a customer's payments, a page at a time; the same on a reservation", async () => {
    const r = await gql(key, NESTED, { n: 10 });
    expect(r.body.errors).toBeUndefined();
    const nodes = r.body.data!.customers.nodes as {
      id: string;
      payments: {
        nodes: { amountCents: number; customer: { id: string }; reservation: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    }[];
    expect(nodes).toHaveLength(10);
    for (const c of customers) {
      const got = nodes.find((n) => n.id === c.id)!;
      expect(got.payments.nodes.map((p) => p.amountCents)).toEqual(c.payments.slice(0, 2));
      expect(got.payments.nodes.every((p) => p.customer.id === c.id && p.reservation.id === c.reservationId)).toBe(
        true,
      );
      expect(got.payments.pageInfo.hasNextPage).toBe(c.payments.length > 2);
    }
    // The next page of one customer continues where the first ended.
    const many = customers.find((c) => c.payments.length >= 4)!;
    const firstPage = nodes.find((n) => n.id === many.id)!.payments;
    const next = await gql(
      key,
      `query($id: ID!, $after: String) { customer(id: $id) { payments(first: 2, after: $after) { nodes { amountCents } pageInfo { hasNextPage hasPreviousPage } } } }`,
      { id: many.id, after: firstPage.pageInfo.endCursor },
    );
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data!.customer.payments.nodes.map((p: { amountCents: number }) => p.amountCents)).toEqual(
      many.payments.slice(2, 4),
    );
    expect(next.body.data!.customer.payments.pageInfo).toEqual({
      hasNextPage: many.payments.length > 4,
      hasPreviousPage: true,
    });
    const res = await gql(key, `query($id: ID!) { reservation(id: $id) { payments { nodes { amountCents } } } }`, {
      id: many.reservationId,
    });
    expect(res.body.data!.reservation.payments.nodes.map((p: { amountCents: number }) => p.amountCents)).toEqual(
      many.payments,
    );
    // A page size out of range is refused plainly.
    const bad = await gql(key, `query($id: ID!) { customer(id: $id) { payments(first: 0) { nodes { id } } } }`, {
      id: many.id,
    });
    expect(bad.body.errors?.[0]).toMatchObject({ message: "first must be 1 to 100." });
  });

  it("top-level payments takes REST's filters (customer, status, updated since)", async () => {
    const first = customers[customers.length - 1]!;
    const q = `query($c: ID, $s: PaymentStatus, $u: DateTime) { payments(customerId: $c, status: $s, updatedSince: $u, first: 100) { nodes { amountCents status method failureMessage } } }`;
    const all = await gql(key, q, {});
    expect(all.body.errors).toBeUndefined();
    expect(all.body.data!.payments.nodes).toHaveLength(customers.reduce((n, c) => n + c.payments.length, 0));
    const failed = await gql(key, q, { s: "FAILED" });
    expect(failed.body.data!.payments.nodes).toEqual([
      { amountCents: 999, status: "FAILED", method: "CARD", failureMessage: "Your card was declined." },
    ]);
    const mine = await gql(key, q, { c: first.id, s: "SUCCEEDED" });
    expect(mine.body.data!.payments.nodes.map((p: { amountCents: number }) => p.amountCents)).toEqual(
      first.payments.filter((a) => a !== 999),
    );
    const later = await gql(key, q, { u: new Date(Date.now() + 60_000).toISOString() });
    expect(later.body.data!.payments.nodes).toEqual([]);
    const badId = await gql(key, q, { c: "not-a-uuid" });
    expect(badId.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("no N+1: payments of 10 customers cost as many statements as of 2", async () => {
    const count = async (n: number) => {
      recorded = [];
      try {
        const r = await gql(key, NESTED, { n });
        expect(r.body.errors).toBeUndefined();
        expect(r.body.data!.customers.nodes).toHaveLength(n);
        return recorded.filter((s) => !/^(begin|commit|rollback|savepoint|release)/i.test(s.trim())).length;
      } finally {
        recorded = null;
      }
    };
    await count(1); // warms the per-process caches (the API key, the organization's settings)
    const two = await count(2);
    const ten = await count(10);
    expect(ten).toBe(two);
    expect(ten).toBeLessThanOrEqual(8);
  });
});
