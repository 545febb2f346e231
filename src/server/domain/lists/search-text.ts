import { z } from "zod";

/**
 * What a list's search box sends: at most 100 characters, trimmed, runs of spaces as one. (Control
 * characters never get this far: every tRPC input is refused with a 400 that names the field.)
 */
export const ZSearchText = z
  .string()
  .max(100, "Search for at most 100 characters.")
  .transform((s) => s.replace(/\s+/g, " ").trim());

/**
 * The same text cut to 100 characters instead of refused: for a page's search box, where a long
 * paste should search for its start, not turn the page into an error (the Customers page did).
 */
export const ZSearchTextCut = z.string().transform((s) => s.replace(/\s+/g, " ").trim().slice(0, 100).trim());

/** `%` `_` and `\` are LIKE's own characters: typed by someone, they mean themselves. */
export const escapeLike = (s: string) => s.replace(/[%_\\]/g, (m) => `\\${m}`);
