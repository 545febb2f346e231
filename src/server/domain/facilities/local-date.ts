/** Today's date ("YYYY-MM-DD") in a facility's time zone: what "today" means to its customers. */
export function localDate(timeZone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}
