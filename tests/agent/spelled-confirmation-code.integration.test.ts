/**
 * A confirmation code spelled out (testers playing callers): "R as in Robert, 7, K, 2 …", "romeo seven
 * kilo …", "are seven kay two …" were not understood, and a caller cancelling from another phone could
 * not be verified. The cases of each form are in nlu/entities.test.ts; this is the call.
 */
import { describe, expect, it } from "vitest";

import { respond, startConversation } from "@/server/agent/engine";
import { withOrg } from "@/server/db/client";
import { createReservation } from "@/server/domain/reservations/create-reservation";

import { seedOrganization } from "../factories";
import { OPEN_NOW, seedAgentFacility } from "./seed";

const DIGITS = ["", "", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const AS_IN: Record<string, string> = Object.fromEntries(
  "Adam Boy Charles David Edward Frank George Henry - John King - Mary Nancy - Peter Queen Robert Sam Tom Union Victor William X-ray Young Zebra"
    .split(" ")
    .map((w, i) => [String.fromCharCode(65 + i), w]),
);
const NATO: Record<string, string> = Object.fromEntries(
  "alpha bravo charlie delta echo foxtrot golf hotel - juliet kilo - mike november - papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
    .split(" ")
    .map((w, i) => [String.fromCharCode(65 + i), w]),
);

const spelled = {
  "as in": (code: string) => [...code].map((c) => (/\d/.test(c) ? c : `${c} as in ${AS_IN[c]}`)).join(", "),
  nato: (code: string) => [...code].map((c) => (/\d/.test(c) ? DIGITS[Number(c)] : NATO[c])).join(" "),
};

async function reservationFor(name: string) {
  const org = await seedOrganization();
  const { facility, unitTypes } = await seedAgentFacility(org.id);
  const r = await withOrg(org.id, (tx) =>
    createReservation(
      tx,
      org.id,
      { label: "test" },
      {
        unitTypeId: unitTypes.small.id,
        moveInDate: "2030-01-20",
        channel: "web",
        customer: { name, phone: "+15125550177" },
      },
      // Booked on the agent's clock, as the call is: 2030-01-20 is within the window of OPEN_NOW.
      { now: OPEN_NOW },
    ),
  );
  return { org, facility, code: r.reservation.confirmationCode };
}

describe("agent: a confirmation code spelled out", () => {
  it.each(Object.keys(spelled) as (keyof typeof spelled)[])(
    "verifies a caller cancelling from another phone with the code spelled (%s)",
    async (form) => {
      const { org, facility, code } = await reservationFor("Rosa Diaz");
      const start = await startConversation({
        organizationId: org.id,
        channel: "voice",
        facilityId: facility.id,
        fromAddress: null,
        now: OPEN_NOW,
      });
      const turn = (text: string) =>
        respond({
          organizationId: org.id,
          conversationId: start.conversationId,
          text,
          now: OPEN_NOW,
          brain: "default",
        });
      await turn("i need to cancel my reservation");
      const asked = await turn("Rosa Diaz");
      expect(asked.state.verification.step).toBe("phone_or_code");
      const t = await turn(`yeah it's ${spelled[form](code)}`);
      expect(t.state.verification.verified).toBe(true);
      expect(t.reply).toContain(`I see reservation ${code}`);
    },
  );
});
