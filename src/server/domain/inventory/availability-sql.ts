import { sql } from "drizzle-orm";

/**
 * Whether a unit can be booked right now, as SQL on the `unit` table. A reserved unit whose hold
 * has ended is free at once, without waiting for the expiry sweep: the hold is only "active and
 * unexpired". The NOT EXISTS probes the partial unique index on active reservations per unit.
 */
export const unitIsFree = (alias = "unit") =>
  sql.raw(
    `("${alias}"."status" = 'available' or ("${alias}"."status" = 'reserved' and not exists (` +
      `select 1 from reservation r where r.unit_id = "${alias}"."id" and r.status = 'active' and r.hold_expires_at > now())))`,
  );
