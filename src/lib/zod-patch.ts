import { z } from "zod";

/**
 * The patch form of an input schema: every field optional and, unlike `schema.partial()`, with no
 * defaults. Zod 4 applies a field's `.default()` even inside `.partial()`, so a patch naming only
 * `name` would come out with every defaulted field reset (hours emptied, the record re-activated).
 * A patch must change only what it names.
 */
export function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  const withoutDefault = (t: z.ZodType): z.ZodType =>
    t instanceof z.ZodDefault
      ? (t.unwrap() as z.ZodType)
      : t instanceof z.ZodPipe && t.in instanceof z.ZodDefault
        ? (t.in.unwrap() as z.ZodType).pipe(t.out as z.ZodType)
        : t;
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([k, v]) => [k, withoutDefault(v as z.ZodType)]));
  // The types of `.partial()` already describe a patch (every field optional); only the runtime differs.
  return z.object(shape).partial() as unknown as ReturnType<z.ZodObject<T>["partial"]>;
}
