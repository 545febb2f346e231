import { and, asc, eq, sql } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import { customer, facility, promotion, reservation, unit, unitType } from "@/server/db/schema";

import { facilityFilter, reportScope, subtitle } from "./scope";
import { nextDay, REPORT_TITLES, type Report, type ReportQuery } from "./types";

/** Reservations made in the range (by the facility's clock), with their current status. */
export async function reservationsReport(tx: Transaction, organizationId: string, q: ReportQuery): Promise<Report> {
  const scope = await reportScope(tx, organizationId, q);
  const local = sql`(${reservation.createdAt} at time zone ${facility.timeZone})`;
  const rows = await tx
    .select({
      created: sql<string>`to_char(${local}, 'YYYY-MM-DD HH24:MI')`,
      confirmationCode: reservation.confirmationCode,
      facility: facility.name,
      customer: customer.name,
      phone: customer.phone,
      email: customer.email,
      unitType: unitType.name,
      unit: unit.number,
      moveIn: reservation.moveInDate,
      rate: reservation.quotedMonthlyRateCents,
      promotion: promotion.name,
      channel: reservation.channel,
      status: reservation.status,
    })
    .from(reservation)
    .innerJoin(facility, eq(facility.id, reservation.facilityId))
    .innerJoin(customer, eq(customer.id, reservation.customerId))
    .innerJoin(unitType, eq(unitType.id, reservation.unitTypeId))
    .innerJoin(unit, eq(unit.id, reservation.unitId))
    .leftJoin(promotion, eq(promotion.id, reservation.promotionId))
    .where(
      and(
        eq(reservation.organizationId, organizationId),
        facilityFilter(reservation.facilityId, q),
        // A day either side of the range in UTC keeps the index usable; the local date decides.
        sql`${reservation.createdAt} >= ${q.from}::date - 1 and ${reservation.createdAt} < ${nextDay(q.to)}::date + 1`,
        sql`${local} >= ${q.from}::date and ${local} < ${nextDay(q.to)}::date`,
      ),
    )
    .orderBy(asc(reservation.createdAt), asc(reservation.id));
  const out = rows.map((r) => ({ ...r, phone: r.phone ?? "", email: r.email ?? "", promotion: r.promotion ?? "" }));
  const active = out.filter((r) => r.status === "active" || r.status === "converted").length;
  return {
    kind: "reservations",
    title: REPORT_TITLES.reservations,
    subtitle: subtitle(q, scope),
    columns: [
      { key: "created", label: "Made", format: "datetime", width: 2.2 },
      { key: "confirmationCode", label: "Code", format: "text", width: 1.5 },
      { key: "facility", label: "Facility", format: "text", width: 2.5 },
      { key: "customer", label: "Customer", format: "text", width: 2.5 },
      { key: "phone", label: "Phone", format: "text", width: 2 },
      { key: "email", label: "E-mail", format: "text", width: 3 },
      { key: "unitType", label: "Unit type", format: "text", width: 1.6 },
      { key: "unit", label: "Unit", format: "text", width: 1 },
      { key: "moveIn", label: "Move-in", format: "date", width: 1.8 },
      { key: "rate", label: "Monthly rate", format: "money", width: 1.6 },
      { key: "promotion", label: "Promotion", format: "text", width: 2 },
      { key: "channel", label: "Channel", format: "text", width: 1.2 },
      { key: "status", label: "Status", format: "text", width: 1.4 },
    ],
    rows: out,
    totals: { created: "Total", confirmationCode: `${out.length}`, facility: `${active} active or moved in` },
  };
}
