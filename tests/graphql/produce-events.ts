/**
 * A second app process for the subscription test: changes data through the app's own services and
 * exits, so its events reach the test's subscriber only through Postgres (the realtime hub).
 * Usage: tsx tests/graphql/produce-events.ts lead <organizationId> <phone>
 *        tsx tests/graphql/produce-events.ts call <organizationId> <facilityId> <from>   (prints the conversation id)
 *        tsx tests/graphql/produce-events.ts turn <organizationId> <conversationId> <text>
 *        tsx tests/graphql/produce-events.ts hangup <organizationId> <conversationId>
 *        tsx tests/graphql/produce-events.ts reserve <organizationId> <unitTypeId> <phone>   (prints the reservation id)
 *        tsx tests/graphql/produce-events.ts cancel <organizationId> <reservationId>
 */
import { respond, startConversation } from "@/server/agent/engine";
import { closeDb, withOrg } from "@/server/db/client";
import { captureLead } from "@/server/domain/leads/capture-lead";
import { cancelReservation } from "@/server/domain/reservations/cancel-reservation";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { publish } from "@/server/realtime/publish";

const [command, organizationId, a, b] = process.argv.slice(2) as [string, string, string, string];
const NOW = new Date("2030-01-15T17:00:00Z"); // OPEN_NOW of tests/agent/seed.ts: the office is open

if (command === "lead") {
  await withOrg(organizationId, (tx) =>
    captureLead(tx, organizationId, { label: "test" }, { source: "call", name: "Live Lead", phone: a }),
  );
} else if (command === "call") {
  const start = await startConversation({
    organizationId,
    channel: "voice",
    facilityId: a,
    fromAddress: b,
    toAddress: "+15125550100",
    greet: true,
    now: NOW,
  });
  console.log(start.conversationId);
} else if (command === "turn") {
  await respond({
    organizationId,
    conversationId: a,
    text: b,
    now: NOW,
    brain: "default",
    idempotencyKey: `${a}:${b}`,
  });
} else if (command === "reserve") {
  // A Wednesday at least a week ahead: open at the test facility, never in the past.
  const day = new Date(Date.now() + 7 * 86_400_000);
  day.setUTCDate(day.getUTCDate() + ((3 - day.getUTCDay() + 7) % 7));
  const booked = await withOrg(organizationId, (tx) =>
    createReservation(
      tx,
      organizationId,
      { label: "test" },
      {
        unitTypeId: a,
        customer: { name: "Live Booking", phone: b },
        moveInDate: day.toISOString().slice(0, 10),
        channel: "web",
      },
    ),
  );
  console.log(booked.reservation.id);
} else if (command === "cancel") {
  await withOrg(organizationId, (tx) => cancelReservation(tx, organizationId, { label: "test" }, { reservationId: a }));
} else if (command === "hangup") {
  await publish(organizationId, { type: "conversation.ended", conversationId: a });
}
// Realtime is published after the commit (domain events' onCommit), not awaited by the caller: give
// it a moment before this short-lived process exits, as a long-running server would.
await new Promise((r) => setTimeout(r, 1500));
await closeDb();
process.exit(0);
