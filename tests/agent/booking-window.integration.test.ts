/**
 * How far ahead the agent books: a hold lasts through the move-in date, so a move-in more than a year
 * ahead (createReservation's MAX_MOVE_IN_DAYS_AHEAD, on the conversation's clock) is refused in the
 * dialogue, in English and Spanish, with the rest of the booking kept; the booking tool refuses it
 * too, as a refusal the dialogue can say, never a crash. OPEN_NOW is 2030-01-15: the last day is
 * 2031-01-15.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { say as phrase } from "@/server/agent/dialogue/phrases";
import { runTool } from "@/server/agent/tools";
import { db, withOrg } from "@/server/db/client";
import { customer, reservation } from "@/server/db/schema";

import { seedOrganization } from "../factories";
import { callNewFacility } from "./call";
import { seedAgentFacility, toolContext } from "./seed";

const TOO_FAR = phrase({ language: "en" }, "sales.i_can_only_book_up");
const TOO_FAR_ES = phrase({ language: "es" }, "sales.i_can_only_book_up");

async function call() {
  const { org, turn } = await callNewFacility();
  const booked = () => db.select().from(reservation).where(eq(reservation.organizationId, org.id));
  return { turn, booked };
}

describe("agent: the booking window", () => {
  it.each(["next year in december", "december 2031", "december 5th 2031", "in 366 days"])(
    "%s is past it: nothing is booked, the caller hears we book up to a year ahead, and the size and name are kept",
    async (when) => {
      const { turn, booked } = await call();
      await turn("i want to reserve a ten by ten");
      const far = await turn(`${when}, my name is pat visitor`);
      expect(far.reply).toContain(TOO_FAR);
      expect(far.state.expecting).toBe("move_in_date");
      expect(far.state.slots.moveInDate).toBeUndefined();
      expect(far.state.slots).toMatchObject({ name: "Pat Visitor", width: 10, length: 10 });
      expect(far.state.slots.unitTypeId).toBeDefined();
      expect(await booked()).toEqual([]);
      // Another date goes on with the booking: the name is not asked again.
      const next = await turn("tomorrow");
      expect(next.state.slots.moveInDate).toBe("2030-01-16");
      expect(next.reply).not.toContain(TOO_FAR);
      expect(next.reply).not.toMatch(/your (first )?name/i);
    },
  );

  it("the last day of the window is booked", async () => {
    const { turn, booked } = await call();
    await turn("i want to reserve a ten by ten");
    const last = await turn("january 15th 2031");
    expect(last.state.slots.moveInDate).toBe("2031-01-15");
    expect(last.reply).not.toContain(TOO_FAR);
    await turn("pat visitor");
    await turn("yes"); // the number calling
    await turn("no"); // no e-mail
    const done = await turn("yes");
    expect(done.state.expecting).toBe("anything_else");
    expect(await booked()).toMatchObject([{ moveInDate: "2031-01-15", status: "active" }]);
  });

  it("a month of the next year within the window asks for the day rather than guessing one", async () => {
    const { turn } = await call();
    await turn("i want to reserve a ten by ten");
    const month = await turn("january 2031");
    expect(month.state.slots.moveInDate).toBeUndefined();
    expect(month.reply).not.toContain(TOO_FAR);
    expect(month.reply).toMatch(/What day would you like to move in\?$/);
  });

  it("in Spanish", async () => {
    const { turn, booked } = await call();
    await turn("quiero reservar una unidad de diez por diez");
    const far = await turn("en diciembre del año que viene");
    expect(far.reply).toContain(TOO_FAR_ES);
    expect(far.state.slots.unitTypeId).toBeDefined();
    expect(await booked()).toEqual([]);
  });

  it("the booking tool refuses a date past the window as a refusal, writing nothing", async () => {
    const org = await seedOrganization();
    const { facility, unitTypes } = await seedAgentFacility(org.id);
    const calls = await withOrg(org.id, async (tx) => {
      const ctx = toolContext(tx, org.id, facility.id);
      await runTool(ctx, "create_reservation", {
        unitTypeId: unitTypes.small.id,
        moveInDate: "9999-12-31",
        name: "Far Future",
        phone: "+15125550181",
      });
      return ctx.calls;
    });
    expect(calls).toMatchObject([
      {
        name: "create_reservation",
        ok: false,
        result: { reason: "bad_request", details: { reason: "move_in_too_far", latest: "2031-01-15" } },
      },
    ]);
    const written = await db
      .select()
      .from(customer)
      .where(and(eq(customer.organizationId, org.id), eq(customer.phone, "+15125550181")));
    expect(written).toEqual([]);
  });
});
