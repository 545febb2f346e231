import { and, eq, sql } from "drizzle-orm";

import type { Transaction } from "@/server/db/client";
import { customer, facility, rental, unit, unitType } from "@/server/db/schema";

import { facilityFilter, reportScope, subtitle } from "./scope";
import { REPORT_TITLES, type Report, type ReportQuery, type ReportRow } from "./types";

/**
 * Every unit as of the range's last day: who rents it (a rental that started on or before that day
 * and had not moved out by its end, on the facility's clock), the rent, the street rate beside it
 * and the balance owed now. Vacant units are listed too, so the sums are the gross potential rent
 * (street rates of all units) and the scheduled rent (rents of occupied units).
 */
export async function rentRoll(tx: Transaction, organizationId: string, q: ReportQuery): Promise<Report> {
  const scope = await reportScope(tx, organizationId, q);
  const current = and(
    eq(rental.unitId, unit.id),
    eq(rental.organizationId, organizationId),
    sql`${rental.startDate} <= ${q.to}::date`,
    sql`(${rental.movedOutAt} is null or (${rental.movedOutAt} at time zone ${facility.timeZone})::date > ${q.to}::date)`,
  );
  const rows = await tx
    .select({
      facility: facility.name,
      unit: unit.number,
      unitType: unitType.name,
      widthFt: unitType.widthFt,
      lengthFt: unitType.lengthFt,
      streetRateCents: unitType.streetRateCents,
      customer: customer.name,
      startDate: rental.startDate,
      rentCents: rental.monthlyRateCents,
      balanceCents: rental.balanceCents,
    })
    .from(unit)
    .innerJoin(facility, eq(facility.id, unit.facilityId))
    .innerJoin(unitType, eq(unitType.id, unit.unitTypeId))
    .leftJoin(rental, current)
    .leftJoin(customer, eq(customer.id, rental.customerId))
    .where(and(eq(unit.organizationId, organizationId), facilityFilter(unit.facilityId, q)));

  const collator = new Intl.Collator("en", { numeric: true });
  rows.sort((a, b) => collator.compare(a.facility, b.facility) || collator.compare(a.unit, b.unit));
  const out: ReportRow[] = rows.map((r) => ({
    facility: r.facility,
    unit: r.unit,
    unitType: r.unitType,
    size: `${r.widthFt}x${r.lengthFt}`,
    squareFeet: r.widthFt * r.lengthFt,
    status: r.rentCents === null ? "vacant" : "occupied",
    customer: r.customer ?? "",
    moveIn: r.startDate ?? "",
    streetRate: r.streetRateCents,
    rent: r.rentCents,
    variance: r.rentCents === null ? null : r.rentCents - r.streetRateCents,
    balance: r.balanceCents,
  }));
  const occupied = out.filter((r) => r.status === "occupied");
  const sum = (rs: ReportRow[], k: string) => rs.reduce((s, r) => s + ((r[k] as number | null) ?? 0), 0);
  return {
    kind: "rent_roll",
    title: REPORT_TITLES.rent_roll,
    subtitle: subtitle(q, scope, true),
    columns: [
      { key: "facility", label: "Facility", format: "text", width: 3 },
      { key: "unit", label: "Unit", format: "text", width: 1.2 },
      { key: "unitType", label: "Unit type", format: "text", width: 2 },
      { key: "size", label: "Size", format: "text", width: 1.2 },
      { key: "squareFeet", label: "Sq ft", format: "int", width: 1 },
      { key: "status", label: "Status", format: "text", width: 1.5 },
      { key: "customer", label: "Customer", format: "text", width: 3 },
      { key: "moveIn", label: "Move-in", format: "date", width: 1.8 },
      { key: "streetRate", label: "Street rate", format: "money", width: 1.6 },
      { key: "rent", label: "Rent", format: "money", width: 1.6 },
      { key: "variance", label: "Variance", format: "money", width: 1.6 },
      { key: "balance", label: "Balance", format: "money", width: 1.6 },
    ],
    rows: out,
    totals: {
      facility: "Total",
      unit: `${out.length} units`,
      unitType: "",
      size: "",
      squareFeet: sum(out, "squareFeet"),
      status: `${occupied.length} occupied`,
      customer: "",
      moveIn: "",
      streetRate: sum(out, "streetRate"),
      rent: sum(occupied, "rent"),
      variance: sum(occupied, "variance"),
      balance: sum(occupied, "balance"),
    },
  };
}
