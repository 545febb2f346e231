import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { webhookDelivery } from "@/server/db/schema";

import { seedAgentFacility } from "../agent/seed";
import { callerFor, seedOrganization } from "../factories";

/** Domain changes made through the dashboard record outbound webhook deliveries in the same transaction. */
describe("domain events reach subscribed webhook endpoints", () => {
  it("lead, reservation and rental changes each record one delivery with the public JSON", async () => {
    const org = await seedOrganization();
    const owner = await callerFor(org.owner);
    const { facility, unitTypes } = await seedAgentFacility(org.id);
    await owner.webhooks.create({
      url: "http://127.0.0.1:9/hook",
      eventTypes: ["lead.created", "lead.updated", "reservation.created", "reservation.cancelled", "rental.created"],
    });

    const lead = await owner.leads.capture({
      source: "web",
      name: "Wanda Webhook",
      phone: "+15105550188",
      facilityId: facility.id,
    });
    const moveInDate = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const first = await owner.reservations.create({
      unitTypeId: unitTypes.small.id,
      moveInDate,
      channel: "web",
      customer: { name: "Wanda Webhook", phone: "+15105550188" },
    });
    await owner.reservations.cancel({ reservationId: first.reservation.id, reason: "changed plans" });
    const second = await owner.reservations.create({
      unitTypeId: unitTypes.small.id,
      moveInDate,
      channel: "web",
      customer: { name: "Wanda Webhook", phone: "+15105550188" },
    });
    const moved = await owner.reservations.moveIn({ reservationId: second.reservation.id });

    const rows = await db.select().from(webhookDelivery).where(eq(webhookDelivery.organizationId, org.id));
    const types = rows.map((r) => r.eventType);
    expect(types.filter((t) => t === "lead.created")).toHaveLength(1);
    expect(types.filter((t) => t === "reservation.created")).toHaveLength(2);
    expect(types.filter((t) => t === "reservation.cancelled")).toHaveLength(1);
    expect(types.filter((t) => t === "rental.created")).toHaveLength(1);
    expect(types).toContain("lead.updated");

    const created = rows.find((r) => r.eventType === "lead.created")!.payload as {
      data: { id: string; phone: string };
    };
    expect(created.data).toMatchObject({ id: lead.lead.id, phone: "+15105550188" });
    const cancelled = rows.find((r) => r.eventType === "reservation.cancelled")!.payload as {
      data: { id: string; status: string };
    };
    expect(cancelled.data).toMatchObject({ id: first.reservation.id, status: "cancelled" });
    const rental = rows.find((r) => r.eventType === "rental.created")!;
    expect(JSON.stringify(rental.payload)).not.toContain(moved.gateCode);
  });
});
