import { z } from "zod";

/**
 * Dates and times from requests, limited to what PostgreSQL stores: years 1 to 9999, checked in UTC
 * (a time late on 9999-12-31 with a negative offset is already year 10000 there). Zod's ISO checks
 * accept year 0000, and `z.coerce.date()` any year JavaScript has; passed on, either is a database
 * error (a 500) where the caller should get a 400 naming the field.
 */
const MESSAGE = "Use a date between the years 1 and 9999.";

const storable = (time: number) => {
  if (Number.isNaN(time)) return false;
  const year = new Date(time).getUTCFullYear();
  return year >= 1 && year <= 9999;
};

/** A calendar day, YYYY-MM-DD. */
export const isoDate = () => z.iso.date().refine((s) => !s.startsWith("0000"), MESSAGE);

/** An ISO 8601 time with Z or an offset. */
export const isoDateTime = () => z.iso.datetime({ offset: true }).refine((s) => storable(Date.parse(s)), MESSAGE);

/** Anything `new Date()` reads (tRPC sends Dates as strings). */
export const coercedDate = () => z.coerce.date().refine((d) => storable(d.getTime()), MESSAGE);
