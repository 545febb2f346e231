/**
 * A failed query's parameters are customers' names, phones and e-mails: they never reach the log.
 * Drizzle puts them in its error's message (`Failed query: …\nparams: Ann,+1512…`, so also in
 * `String(err)` and the stack), PostgreSQL echoes a rejected value in some messages (`invalid input
 * syntax for type uuid: "…"`), and a pg error's `detail` holds the conflicting key or the whole
 * failing row. Error text is scrubbed wherever it appears: every string the log writes (src/server/log.ts)
 * and the error messages spans record (./spans.ts).
 */
const QUERY_PARAMS = /(\nparams: )[\s\S]*?(?=\n {4}at |$)/g;
const ECHOED_VALUE = /((?:invalid input (?:syntax|value) for [^:\n]*|value too long for [^:\n]*): )"(?:[^"]|"")*"/g;

export function scrubErrorText(text: string): string {
  return text.replace(QUERY_PARAMS, "$1[redacted]").replace(ECHOED_VALUE, '$1"[redacted]"');
}
