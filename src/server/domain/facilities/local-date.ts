/** Today's date ("YYYY-MM-DD") in a facility's time zone: what "today" means to its customers. */
export function localDate(timeZone: string, at: Date = new Date()): string {
  let f = formats.get(timeZone);
  if (!f) {
    // Building a formatter costs about as much as a whole agent turn's NLU: one per time zone.
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formats.set(timeZone, f);
  }
  return f.format(at);
}

const formats = new Map<string, Intl.DateTimeFormat>();
