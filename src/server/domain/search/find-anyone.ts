import { and, asc, desc, eq, ilike, isNull, like, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Executor } from "@/server/db/client";
import { escapeLike } from "@/server/domain/lists/search-text";
import { conversation, customer, facility, lead, rental, reservation, unit } from "@/server/db/schema";

/**
 * The console's one search box ("find anyone", issue 22): a name, a phone in any format, an e-mail,
 * a confirmation code or a unit number, typed into the header. One call answers all of them, each
 * group from its own index (docs/console.md, "Search"):
 * - customers by name words, e-mail or phone digits: trigram GIN indexes, so `%…%` is an index scan;
 * - reservations by confirmation code: the unique (organization, code) index;
 * - units by number: (organization, lower(number));
 * - callers who never became customers (a hang-up, a wrong number) by the digits of the number
 *   they called from: a trigram index on conversation.from_address.
 * Every query names the organization, and the caller runs it in the organization's RLS transaction.
 */
export const ZFindAnyone = z.object({
  query: z.string().trim().min(2, "Type at least two characters.").max(100),
  limit: z.number().int().min(1).max(20).default(8),
});
export type FindAnyoneInput = z.input<typeof ZFindAnyone>;

export type FindAnyoneResult = Awaited<ReturnType<typeof findAnyone>>;

/**
 * What the text looks like. Phone-like: only digits and the punctuation people write numbers with,
 * at least three digits ("555-0123", "(512) 555 0123", "+1 512…"). The digits are matched as a
 * substring of the stored E.164, so any format and any part of the number finds it.
 */
export function readQuery(raw: string) {
  const text = raw.trim().replace(/\s+/g, " ");
  const digits = text.replace(/\D/g, "");
  const phoneLike = /^[\d\s()+.\-]+$/.test(text) && digits.length >= 3;
  // A North American number typed with its leading 1 is still found by its ten digits.
  const phoneDigits = phoneLike && digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  // Codes are read out and retyped: case does not matter, and a dash someone adds is ignored.
  const code = text.replace(/-/g, "").toUpperCase();
  const codeLike = /^[A-Z0-9]{4,12}$/.test(code);
  const words = phoneLike ? [] : text.split(" ").filter((w) => w.length > 0);
  return { text, phoneLike, phoneDigits, code, codeLike, words };
}

export async function findAnyone(tx: Executor, organizationId: string, raw: FindAnyoneInput) {
  const input = ZFindAnyone.parse(raw);
  const q = readQuery(input.query);
  const limit = input.limit;

  // Customers: every word in the name (in any order), or the text in the e-mail, or the digits in the phone.
  const matches: SQL[] = [];
  if (q.phoneLike) matches.push(like(customer.phone, `%${q.phoneDigits}%`));
  if (q.words.length) {
    matches.push(and(...q.words.map((w) => ilike(customer.name, `%${escapeLike(w)}%`)))!);
    if (q.words.length === 1) matches.push(ilike(customer.email, `%${escapeLike(q.text)}%`));
  }
  const exactName = sql`lower(${customer.name}) = lower(${q.text})`;
  const startsWith = sql`${customer.name} ilike ${`${escapeLike(q.text)}%`}`;
  const customers = matches.length
    ? await tx
        .select({
          id: customer.id,
          name: customer.name,
          phone: customer.phone,
          email: customer.email,
          leadId: lead.id,
          leadStatus: lead.status,
        })
        .from(customer)
        .leftJoin(lead, and(eq(lead.customerId, customer.id), eq(lead.organizationId, organizationId)))
        .where(and(eq(customer.organizationId, organizationId), or(...matches)))
        .orderBy(
          sql`case when ${exactName} then 0 when ${startsWith} then 1 else 2 end`,
          desc(customer.updatedAt),
          asc(customer.id),
        )
        .limit(limit)
    : [];

  const reservations = q.codeLike
    ? await tx
        .select({
          id: reservation.id,
          confirmationCode: reservation.confirmationCode,
          status: reservation.status,
          moveInDate: reservation.moveInDate,
          customerId: reservation.customerId,
          customerName: customer.name,
          facilityName: facility.name,
          unitNumber: unit.number,
        })
        .from(reservation)
        .innerJoin(customer, eq(customer.id, reservation.customerId))
        .innerJoin(facility, eq(facility.id, reservation.facilityId))
        .innerJoin(unit, eq(unit.id, reservation.unitId))
        .where(and(eq(reservation.organizationId, organizationId), eq(reservation.confirmationCode, q.code)))
        .limit(limit)
    : [];

  // A unit and who holds it now: the current rental's customer, else the active reservation's.
  const units =
    q.text.length <= 20
      ? await tx
          .select({
            id: unit.id,
            number: unit.number,
            status: unit.status,
            facilityId: unit.facilityId,
            facilityName: facility.name,
            customerId: sql<string | null>`coalesce(${rental.customerId}, ${reservation.customerId})`,
            customerName: sql<
              string | null
            >`(select c.name from ${customer} c where c.id = coalesce(${rental.customerId}, ${reservation.customerId}))`,
          })
          .from(unit)
          .innerJoin(facility, eq(facility.id, unit.facilityId))
          .leftJoin(rental, and(eq(rental.unitId, unit.id), isNull(rental.movedOutAt)))
          .leftJoin(reservation, and(eq(reservation.unitId, unit.id), eq(reservation.status, "active")))
          .where(and(eq(unit.organizationId, organizationId), sql`lower(${unit.number}) = lower(${q.text})`))
          .orderBy(asc(facility.name))
          .limit(limit)
      : [];

  // Callers known only by their number: the latest conversation from each matching phone that is
  // tied to no customer (those are found above, under their name).
  const callers =
    q.phoneLike && q.phoneDigits.length >= 4
      ? await tx
          .selectDistinctOn([conversation.fromAddress], {
            conversationId: conversation.id,
            fromAddress: conversation.fromAddress,
            channel: conversation.channel,
            startedAt: conversation.startedAt,
          })
          .from(conversation)
          .where(
            and(
              eq(conversation.organizationId, organizationId),
              like(conversation.fromAddress, `%${q.phoneDigits}%`),
              isNull(conversation.customerId),
            ),
          )
          .orderBy(conversation.fromAddress, desc(conversation.startedAt))
          .limit(limit)
      : [];

  // A number that is a customer's is shown once, under the customer.
  const known = new Set(customers.map((c) => c.phone).filter(Boolean));
  return {
    customers,
    reservations,
    units,
    callers: callers.filter((c) => !known.has(c.fromAddress)),
  };
}
