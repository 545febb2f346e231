import { readFileSync } from "node:fs";
import path from "node:path";

import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { conversation, facility, lead, message, payment, rental, reservation, unit } from "@/server/db/schema";
import { runChecks } from "@/server/consistency/checks";
import { seedDemoHistory } from "@/server/demo/history";
import { runImport } from "@/server/domain/import/run-import";

import { seedOrganization } from "../factories";

/**
 * The demo survives a click (issue 22 item 8): every conversation opens onto a transcript that
 * matches its summary and outcome, and the figures it feeds agree with each other.
 */
describe("demo history", () => {
  it("writes a transcript for every conversation that agrees with its outcome, summary and bookings", async () => {
    const org = await seedOrganization();
    const file = readFileSync(path.resolve("docs/examples/facility-import.json"), "utf8");
    await runImport(org.id, { label: "test" }, { format: "json", text: file });
    const { conversations } = await seedDemoHistory(org.id, new Date());
    expect(conversations).toBeGreaterThan(100);

    const convs = await db.select().from(conversation).where(eq(conversation.organizationId, org.id));
    const msgs = await db.select().from(message).where(eq(message.organizationId, org.id));
    const byConv = new Map<string, (typeof msgs)[number][]>();
    for (const m of msgs) byConv.set(m.conversationId, [...(byConv.get(m.conversationId) ?? []), m]);
    const reservations = await db.select().from(reservation).where(eq(reservation.organizationId, org.id));
    const codeOf = new Map(reservations.map((r) => [r.id, r.confirmationCode]));

    const names = new Set<string>();
    for (const c of convs) {
      const lines = (byConv.get(c.id) ?? []).sort((a, b) => a.seq - b.seq);
      expect(lines.length, `${c.outcome} conversation without a transcript`).toBeGreaterThan(0);
      expect(c.turnCount).toBe(lines.filter((l) => l.role === "caller").length);
      const text = lines.map((l) => l.text).join("\n");
      if (c.outcome === "reservation") {
        // The booking the summary names is in the transcript and exists.
        expect(c.reservationId).not.toBeNull();
        const code = codeOf.get(c.reservationId!)!;
        expect(c.summary).toContain(code);
        expect(text).toContain(code);
      } else expect(c.reservationId).toBeNull();
      if (c.outcome === "transfer") expect(text).toMatch(/connecting you/i);
      if (c.outcome === "message") expect(text).toMatch(/passed your message/i);
      if (c.outcome === "abandoned") expect(lines.filter((l) => l.role === "agent")).toHaveLength(1);
      const name = /Customer (\w+ \w+)|Caller (\w+ \w+)/.exec(c.summary ?? "");
      if (name) names.add(name[1] ?? name[2]!);
    }
    expect(names.size).toBeGreaterThan(30);

    // The leads board's "reserved" column is exactly the leads holding an active reservation.
    const reservedLeads = await db
      .select({ id: lead.id })
      .from(lead)
      .where(and(eq(lead.organizationId, org.id), eq(lead.status, "reserved")));
    const active = reservations.filter((r) => r.status === "active").map((r) => r.leadId);
    expect(reservedLeads.map((l) => l.id).sort()).toEqual([...new Set(active)].sort());
    // Collected never passes billed: each rental's payments are at most its rent for the months it
    // ran (the move-in month once) plus the admin fee.
    const rentals = await db.select().from(rental).where(eq(rental.organizationId, org.id));
    const payments = await db.select().from(payment).where(eq(payment.organizationId, org.id));
    const paid = new Map<string, number>();
    for (const p of payments) if (p.rentalId) paid.set(p.rentalId, (paid.get(p.rentalId) ?? 0) + p.amountCents);
    const fees = new Map(
      (await db.select().from(facility).where(eq(facility.organizationId, org.id))).map((f) => [f.id, f.adminFeeCents]),
    );
    const month = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
    const today = new Date().toISOString().slice(0, 10);
    expect(rentals.length).toBeGreaterThan(0);
    for (const r of rentals) {
      const end = r.movedOutAt ? r.movedOutAt.toISOString().slice(0, 10) : today;
      const billed = (month(end) - month(r.startDate) + 1) * r.monthlyRateCents + (fees.get(r.facilityId) ?? 0);
      expect(paid.get(r.id) ?? 0, `rental ${r.id} from ${r.startDate}`).toBeLessThanOrEqual(billed);
    }
    // Every payment of the history is on the ledger with what it paid: the ledger adds up.
    const [ledger] = await runChecks(["ledger-totals"]);
    expect(ledger!.error).toBeUndefined();
    expect(ledger!.violations.filter((v) => v.organizationId === org.id)).toEqual([]);
    // Occupancy cannot pass 100%: no unit holds two current rentals or is both rented and held.
    if (active.length) {
      const held = await db
        .select({ status: unit.status })
        .from(unit)
        .where(
          inArray(
            unit.id,
            reservations.filter((r) => r.status === "active").map((r) => r.unitId!),
          ),
        );
      expect(held.every((u) => u.status === "reserved")).toBe(true);
    }
  });
});
