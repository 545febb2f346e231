/**
 * Child process of crash-after-commit.integration.test.ts: books one reservation (its transaction
 * records reservation.created, and the subscribers write what they must in it), prints the id and
 * kills itself with SIGKILL as soon as the transaction has committed, before any after-commit work
 * (which runs on the next turn of the event loop) could start.
 */
import { writeSync } from "node:fs";

import { withOrg } from "@/server/db/client";
import { createReservation } from "@/server/domain/reservations/create-reservation";

const [organizationId, unitTypeId, customerId, moveInDate] = process.argv.slice(2) as [string, string, string, string];

const created = await withOrg(organizationId, (tx) =>
  createReservation(
    tx,
    organizationId,
    { label: "crash test" },
    { unitTypeId, customerId, moveInDate, channel: "phone" },
  ),
);
writeSync(1, `${JSON.stringify({ reservationId: created.reservation.id })}\n`);
process.kill(process.pid, "SIGKILL");
