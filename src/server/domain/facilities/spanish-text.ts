import { z } from "zod";

/**
 * The Spanish version of something an operator writes in English (a knowledge-base entry's question
 * and answer, a closure's reason). Optional: blank or missing is none (a cleared dashboard field
 * too), stored as null, and the agent then says the English text to a Spanish caller after a short
 * Spanish lead-in (src/server/agent/operator-text.ts). Flat `…Es` columns beside the English ones,
 * not a translations object: Spanish is the agent's only other language (dialogue/phrases.ts), and
 * every form, import file and query already reads these rows field by field.
 */
export const spanishText = (label: string, max: number, min = 1) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(max, `${label} must be at most ${max.toLocaleString("en-US")} characters.`)
    .refine((v) => v === "" || v.length >= min, `${label} must be at least ${min} characters.`)
    .nullish()
    .transform((v) => v || null);
