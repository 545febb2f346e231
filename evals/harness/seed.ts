/**
 * A fresh organization per scenario: the fixture imported through the real import code, a phone
 * number per facility (so texts can be sent), sold-out unit types, and existing customers with their
 * reservations and rentals made through the domain services (codes and gate codes set to the
 * scenario's values so the caller can say them and the judge can look for them).
 */
import { randomBytes, randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

import { and, eq, inArray } from "drizzle-orm";

import { db, withOrg } from "@/server/db/client";
import { facility, lead, organization, phoneNumber, rental, reservation, unit, unitType } from "@/server/db/schema";
import type { Actor } from "@/server/domain/actor";
import { upsertCustomer } from "@/server/domain/customers/upsert-customer";
import { runImport } from "@/server/domain/import/run-import";
import { cancelReservation } from "@/server/domain/reservations/cancel-reservation";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { postLedgerEntries } from "@/server/domain/ledger/post-entries";
import { convertToMoveIn } from "@/server/domain/rentals/convert-to-move-in";
import { encryptSecret } from "@/server/auth/encryption";

import type { Scenario } from "./format";
import { FIXTURES_DIR } from "./load";

const ACTOR: Actor = { label: "eval-seed" };
const DAY = 86_400_000;

export interface SeededWorld {
  organizationId: string;
  /** slug → facility */
  facilities: Record<string, { id: string; name: string; transferPhone: string | null; phone: string | null }>;
  /** "slug/unit type name" → unit type id */
  unitTypes: Record<string, string>;
  seededReservationIds: Set<string>;
  seededLeadIds: Set<string>;
  gateCodes: string[];
}

const fixtureCache = new Map<string, string>();
function fixtureText(name: string): string {
  let text = fixtureCache.get(name);
  if (!text) fixtureCache.set(name, (text = readFileSync(path.join(FIXTURES_DIR, name), "utf8")));
  return text;
}

/** A US number in a fictional-looking but valid range, unique enough for one test database. */
function randomNumber(): string {
  return `+1737${randomInt(2, 10)}${String(randomInt(0, 1_000_000)).padStart(6, "0")}`;
}

export async function seedWorld(s: Scenario): Promise<SeededWorld> {
  const id = `eval-${s.id.slice(0, 40)}-${randomBytes(5).toString("hex")}`;
  await db.insert(organization).values({ id, name: `Eval ${s.id}`, slug: id });
  const imported = await runImport(id, ACTOR, { format: "json", text: fixtureText(s.fixture) });
  if (!imported) throw new Error(`fixture ${s.fixture} did not import`);
  const clock = new Date(s.clock);
  return withOrg(id, async (tx) => {
    const facilities = await tx.select().from(facility).where(eq(facility.organizationId, id));
    const types = await tx
      .select({ id: unitType.id, name: unitType.name, facilityId: unitType.facilityId })
      .from(unitType)
      .where(eq(unitType.organizationId, id));
    const world: SeededWorld = {
      organizationId: id,
      facilities: Object.fromEntries(
        facilities.map((f) => [f.slug, { id: f.id, name: f.name, transferPhone: f.transferPhone, phone: f.phone }]),
      ),
      unitTypes: Object.fromEntries(
        types.map((t) => [`${facilities.find((f) => f.id === t.facilityId)!.slug}/${t.name}`, t.id]),
      ),
      seededReservationIds: new Set(),
      seededLeadIds: new Set(),
      gateCodes: [],
    };
    const typeId = (ref: string) => {
      const found = world.unitTypes[ref];
      if (!found)
        throw new Error(`${s.id}: unknown unit type "${ref}" (fixture has ${Object.keys(world.unitTypes).join(", ")})`);
      return found;
    };
    if (s.facility && !world.facilities[s.facility]) throw new Error(`${s.id}: unknown facility "${s.facility}"`);

    // Texts go out from the facility's number (to the outbox: Twilio is not configured here).
    for (const f of facilities) {
      for (let attempt = 0; ; attempt++) {
        try {
          await tx.transaction((sp) =>
            sp.insert(phoneNumber).values({
              organizationId: id,
              e164: randomNumber(),
              facilityId: f.id,
              source: "attached",
              friendlyName: f.name,
            }),
          );
          break;
        } catch (err) {
          if (attempt > 3) throw err;
        }
      }
    }
    for (const ref of s.seed.soldOut) {
      await tx
        .update(unit)
        .set({ status: "unavailable" })
        .where(and(eq(unit.organizationId, id), eq(unit.unitTypeId, typeId(ref))));
    }
    // Holds must be live both by the scenario's clock (the agent's view) and by the database's now().
    const holdUntil = new Date(Math.max(clock.getTime(), Date.now()) + 30 * DAY);
    for (const c of s.seed.customers) {
      if (!c.phone && !c.email) throw new Error(`${s.id}: seeded customer ${c.name} needs a phone or e-mail`);
      const { customer } = await upsertCustomer(tx, id, ACTOR, { name: c.name, phone: c.phone, email: c.email });
      for (const r of c.reservations) {
        const made = await createReservation(
          tx,
          id,
          ACTOR,
          {
            unitTypeId: typeId(r.unitType),
            customerId: customer.id,
            moveInDate: r.moveInDate,
            channel: "phone",
          },
          // Booked on the scenario's clock, as the agent books (how far ahead is too far).
          { now: clock },
        );
        await tx
          .update(reservation)
          .set({ confirmationCode: r.code, holdExpiresAt: holdUntil })
          .where(and(eq(reservation.organizationId, id), eq(reservation.id, made.reservation.id)));
        if (r.status !== "active") {
          await cancelReservation(tx, id, ACTOR, { reservationId: made.reservation.id, reason: "seeded" });
          if (r.status === "expired")
            await tx
              .update(reservation)
              .set({ status: "expired" })
              .where(and(eq(reservation.organizationId, id), eq(reservation.id, made.reservation.id)));
        }
        world.seededReservationIds.add(made.reservation.id);
      }
      for (const r of c.rentals) {
        const start = r.startDate ?? new Date(clock.getTime() - 90 * DAY).toISOString().slice(0, 10);
        const made = await createReservation(
          tx,
          id,
          ACTOR,
          {
            unitTypeId: typeId(r.unitType),
            customerId: customer.id,
            moveInDate: start,
            channel: "phone",
          },
          { now: clock },
        );
        world.seededReservationIds.add(made.reservation.id);
        const moved = await convertToMoveIn(tx, id, ACTOR, { reservationId: made.reservation.id, startDate: start });
        await tx
          .update(rental)
          .set({ gateCodeEncrypted: encryptSecret(r.gateCode) })
          .where(and(eq(rental.organizationId, id), eq(rental.id, moved.rental.id)));
        // The scenario's balance, as the ledger has it (the agent reads balances from the ledger).
        const delta = r.balanceCents - moved.rental.balanceCents;
        if (delta !== 0)
          await postLedgerEntries(tx, id, ACTOR, [
            {
              customerId: customer.id,
              rentalId: moved.rental.id,
              kind: delta > 0 ? "charge" : "credit",
              category: "adjustment",
              amountCents: Math.abs(delta),
              description: "Scenario balance",
            },
          ]);
        world.gateCodes.push(r.gateCode);
      }
    }
    const leads = await tx.select({ id: lead.id }).from(lead).where(eq(lead.organizationId, id));
    for (const l of leads) world.seededLeadIds.add(l.id);
    return world;
  });
}

/** Removes a scenario's organization and everything in it. */
export async function dropWorld(organizationId: string): Promise<void> {
  await db.delete(organization).where(inArray(organization.id, [organizationId]));
}
