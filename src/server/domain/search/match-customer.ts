import { and, ilike, like, or, sql, type SQL } from "drizzle-orm";

import { customer } from "@/server/db/schema";
import { escapeLike } from "@/server/domain/lists/search-text";

import { readQuery } from "./find-anyone";

/**
 * The customers a search text finds, as the header's search reads it: every word in the name (any
 * order), or the text in the e-mail, or a phone's digits typed in any format anywhere in the stored
 * E.164. Each is a `%…%` match the customer trigram indexes answer. `false` for text that can match
 * nothing (punctuation alone).
 */
export function matchCustomer(text: string): SQL {
  const q = readQuery(text);
  const matches: SQL[] = [];
  if (q.phoneLike) matches.push(like(customer.phone, `%${q.phoneDigits}%`));
  if (q.words.length) {
    matches.push(and(...q.words.map((w) => ilike(customer.name, `%${escapeLike(w)}%`)))!);
    if (q.words.length === 1) matches.push(ilike(customer.email, `%${escapeLike(q.text)}%`));
  }
  return matches.length ? or(...matches)! : sql`false`;
}
