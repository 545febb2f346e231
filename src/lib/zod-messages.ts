import { z } from "zod";

/**
 * Zod issues as sentences a person can read, naming the field: "Email must be at most 254
 * characters." instead of zod's "Too big: expected string to have <=254 characters". The one place
 * that wording lives: tRPC's error message (what dashboard forms show), the REST and GraphQL
 * `errors[].message`, and the CSV downloads' `detail` all use it. A schema's own sentence ("Enter a
 * valid e-mail address.") is kept as written; a fragment of its own ("must be an http(s) URL") gets
 * the field in front.
 */

type Issue = z.core.$ZodIssue;

const ACRONYMS: Record<string, string> = {
  api: "API",
  id: "ID",
  ids: "IDs",
  ip: "IP",
  pms: "PMS",
  sms: "SMS",
  url: "URL",
  urls: "URLs",
};

/** "smsRecipients" -> "SMS recipients", "move_in_date" -> "Move in date", ["lines", 2, "phone"] -> "Lines phone (item 3)". */
export function fieldLabel(path: readonly PropertyKey[]): string | null {
  const words: string[] = [];
  let item: number | null = null;
  for (const segment of path) {
    if (typeof segment === "number") item = segment;
    else
      words.push(
        ...String(segment)
          .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
          .split(/[\s_-]+/)
          .filter(Boolean)
          .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase()),
      );
  }
  if (words.length === 0) return item === null ? null : `Item ${item + 1}`;
  const label = words.join(" ");
  const capitalised = label.charAt(0).toUpperCase() + label.slice(1);
  return item === null ? capitalised : `${capitalised} (item ${item + 1})`;
}

const FORMATS: Record<string, string> = {
  email: "must be a valid e-mail address",
  url: "must be a valid URL",
  uuid: "must be a valid ID",
  uuidv4: "must be a valid ID",
  uuidv6: "must be a valid ID",
  uuidv7: "must be a valid ID",
  guid: "must be a valid ID",
  date: "must be a date (YYYY-MM-DD)",
  datetime: "must be a date and time (ISO 8601, e.g. 2026-05-01T14:30:00Z)",
  time: "must be a time (HH:MM)",
  e164: "must be a phone number in E.164 format, like +15125550123",
  ipv4: "must be an IPv4 address",
  ipv6: "must be an IPv6 address",
};

const TYPES: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  bigint: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  date: "a date",
  null: "empty",
};

const UNITS: Record<string, [one: string, many: string]> = {
  string: ["character", "characters"],
  array: ["item", "items"],
  set: ["item", "items"],
  map: ["entry", "entries"],
  file: ["byte", "bytes"],
};

const count = (n: number | bigint, origin: string) => {
  const [one, many] = UNITS[origin] ?? ["", ""];
  return `${n.toString()} ${Number(n) === 1 ? one : many}`.trimEnd();
};

const show = (v: unknown) => (typeof v === "string" ? v : String(JSON.stringify(v)));

const when = (v: number | bigint, origin: string) =>
  origin === "date" ? new Date(Number(v)).toISOString().slice(0, 10) : v.toString();

/** What zod's own English message for `issue` would be (to tell it from a schema's own). */
const zodDefault = z.locales.en().localeError;

function isZodDefault(issue: Issue): boolean {
  // zod's invalid_type message names the received type, read from the input the final issue no longer has.
  if (issue.code === "invalid_type") return /^Invalid input: expected \S+, received /.test(issue.message);
  const fallback = zodDefault?.(issue as never);
  const text = typeof fallback === "string" ? fallback : fallback?.message;
  return issue.message === text || issue.message === "Invalid input";
}

/** The predicate of zod's default message for `issue`, after the field: "must be at most 254 characters". */
function predicate(issue: Issue): string {
  switch (issue.code) {
    case "too_big": {
      const { maximum, origin } = issue;
      if (origin in UNITS) {
        if (issue.exact) return `must be exactly ${count(maximum, origin)}`;
        const verb = origin === "string" || origin === "file" ? "must be" : "can have";
        return issue.inclusive === false
          ? `${verb} fewer than ${count(maximum, origin)}`
          : `${verb} at most ${count(maximum, origin)}`;
      }
      if (origin === "date")
        return issue.inclusive === false
          ? `must be before ${when(maximum, origin)}`
          : `must be on or before ${when(maximum, origin)}`;
      return issue.inclusive === false
        ? `must be less than ${maximum.toString()}`
        : `must be at most ${maximum.toString()}`;
    }
    case "too_small": {
      const { minimum, origin } = issue;
      if (origin in UNITS) {
        if (issue.exact) return `must be exactly ${count(minimum, origin)}`;
        const least = issue.inclusive === false ? Number(minimum) + 1 : Number(minimum);
        if (origin === "string") return least <= 1 ? "is required" : `must be at least ${count(least, origin)}`;
        return least <= 1 ? `needs at least one ${UNITS[origin]![0]}` : `needs at least ${count(least, origin)}`;
      }
      if (origin === "date")
        return issue.inclusive === false
          ? `must be after ${when(minimum, origin)}`
          : `must be on or after ${when(minimum, origin)}`;
      return issue.inclusive === false
        ? `must be more than ${minimum.toString()}`
        : `must be at least ${minimum.toString()}`;
    }
    case "invalid_type":
      if (/received undefined$/.test(issue.message)) return "is required";
      return `must be ${TYPES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${show(issue.values[0])}`
        : `must be one of: ${issue.values.map(show).join(", ")}`;
    case "invalid_format": {
      const f = issue as z.core.$ZodIssueInvalidStringFormat & { prefix?: string; suffix?: string; includes?: string };
      if (f.format === "starts_with") return `must start with "${f.prefix}"`;
      if (f.format === "ends_with") return `must end with "${f.suffix}"`;
      if (f.format === "includes") return `must contain "${f.includes}"`;
      return FORMATS[f.format] ?? "is not in the expected format";
    }
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor.toString()}`;
    case "unrecognized_keys":
      return `has unknown field${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")}`;
    default:
      return "is not valid";
  }
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** One issue as a sentence naming its field. */
export function issueSentence(issue: Issue): string {
  const label = fieldLabel(issue.path);
  if (!isZodDefault(issue)) {
    // A schema's own words: a sentence as written, a fragment ("must be an http(s) URL") after the field.
    const own = issue.message.trim();
    if (label && /^[a-z]/.test(own)) return sentence(`${label} ${own}`);
    return sentence(own);
  }
  if (issue.code === "unrecognized_keys" && !label)
    return sentence(`Unknown field${issue.keys.length === 1 ? "" : "s"}: ${issue.keys.join(", ")}`);
  return sentence(`${label ?? "The request"} ${predicate(issue)}`);
}

/** Every distinct issue's sentence, in order, as one line (a form shows it above its fields). */
export function readableZodMessage(error: z.ZodError): string {
  return [...new Set(error.issues.map(issueSentence))].join(" ") || "The request is not valid.";
}
