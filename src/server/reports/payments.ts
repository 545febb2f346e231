import { sql } from "drizzle-orm";

import {
  PAYMENT_CHANNEL_LABELS,
  paymentChannelSql,
  paymentFacility,
  tzOf,
  type PaymentChannel,
} from "@/server/analytics/payment-metrics";
import type { Transaction } from "@/server/db/client";

import { reportScope, subtitle } from "./scope";
import { REPORT_TITLES, type Report, type ReportQuery } from "./types";

/**
 * Payments received in the range (on the facility's clock: the rental's, else the reservation's),
 * succeeded or failed, with how they came in (the Analytics page's channels), what was refunded of
 * them since, and the net. Totals: payments that came in, amount, refunded, net (failed attempts
 * are listed, not summed).
 */
export async function paymentsReport(tx: Transaction, organizationId: string, q: ReportQuery): Promise<Report> {
  const scope = await reportScope(tx, organizationId, q);
  const res = await tx.execute<{
    received: string;
    facility: string | null;
    customer: string | null;
    phone: string | null;
    unit: string | null;
    method: string;
    channel: PaymentChannel;
    status: string;
    amount: number;
    refunded: number;
    reference: string | null;
    failure: string | null;
  }>(sql`
    WITH p AS MATERIALIZED (
      SELECT p.*, ${paymentFacility} AS facility_id
      FROM payment p
      WHERE p.organization_id = ${organizationId} AND p.status <> 'pending'
        AND p.received_at >= (${q.from}::date - 1)::timestamp AT TIME ZONE 'UTC'
        AND p.received_at < (${q.to}::date + 2)::timestamp AT TIME ZONE 'UTC'
    ), x AS (
      SELECT p.*, (p.received_at AT TIME ZONE ${tzOf(sql`p.facility_id`, organizationId)}) AS local
      FROM p ${q.facilityId ? sql`WHERE p.facility_id = ${q.facilityId}` : sql``}
    )
    SELECT to_char(p.local, 'YYYY-MM-DD HH24:MI') AS received,
      (SELECT f.name FROM facility f WHERE f.id = p.facility_id) AS facility,
      (SELECT c.name FROM customer c WHERE c.id = p.customer_id) AS customer,
      (SELECT c.phone FROM customer c WHERE c.id = p.customer_id) AS phone,
      (SELECT u.number FROM rental r JOIN unit u ON u.id = r.unit_id WHERE r.id = p.rental_id) AS unit,
      p.method, ${paymentChannelSql(organizationId)} AS channel, p.status, p.amount_cents AS amount,
      p.refunded_cents AS refunded, coalesce(p.stripe_payment_intent_id, p.external_id) AS reference,
      p.failure_message AS failure
    FROM x p
    WHERE p.local::date BETWEEN ${q.from}::date AND ${q.to}::date
    ORDER BY p.received_at, p.id`);
  const rows = res.rows.map((r) => {
    const ok = r.status !== "failed";
    return {
      received: r.received,
      facility: r.facility ?? "",
      customer: r.customer ?? "",
      phone: r.phone ?? "",
      unit: r.unit ?? "",
      method: r.method,
      channel: PAYMENT_CHANNEL_LABELS[r.channel] ?? r.channel,
      status: r.status.replace("_", " ") + (r.failure ? `: ${r.failure}` : ""),
      amount: Number(r.amount),
      refunded: Number(r.refunded),
      net: ok ? Number(r.amount) - Number(r.refunded) : 0,
      reference: r.reference ?? "",
    };
  });
  const came = rows.filter((r) => !r.status.startsWith("failed"));
  const sum = (k: "amount" | "refunded" | "net") => came.reduce((s, r) => s + r[k], 0);
  return {
    kind: "payments",
    title: REPORT_TITLES.payments,
    subtitle: subtitle(q, scope),
    columns: [
      { key: "received", label: "Received", format: "datetime", width: 2.2 },
      { key: "facility", label: "Facility", format: "text", width: 2.4 },
      { key: "customer", label: "Customer", format: "text", width: 2.4 },
      { key: "phone", label: "Phone", format: "text", width: 2 },
      { key: "unit", label: "Unit", format: "text", width: 1 },
      { key: "method", label: "Method", format: "text", width: 1.1 },
      { key: "channel", label: "How", format: "text", width: 2 },
      { key: "status", label: "Status", format: "text", width: 2 },
      { key: "amount", label: "Amount", format: "money", width: 1.5 },
      { key: "refunded", label: "Refunded", format: "money", width: 1.5 },
      { key: "net", label: "Net", format: "money", width: 1.5 },
      { key: "reference", label: "Reference", format: "text", width: 3 },
    ],
    rows,
    totals: {
      received: "Total",
      facility: `${came.length} payments`,
      customer: rows.length > came.length ? `${rows.length - came.length} failed` : "",
      amount: sum("amount"),
      refunded: sum("refunded"),
      net: sum("net"),
    },
  };
}
