import { z } from "zod";

/**
 * What a list's search box sends: at most 100 characters, trimmed, runs of spaces as one. (Control
 * characters never get this far: every tRPC input is refused with a 400 that names the field.)
 */
export const ZSearchText = z
  .string()
  .max(100, "Search for at most 100 characters.")
  .transform((s) => s.replace(/\s+/g, " ").trim());

/** `%` `_` and `\` are LIKE's own characters: typed by someone, they mean themselves. */
export const escapeLike = (s: string) => s.replace(/[%_\\]/g, (m) => `\\${m}`);
