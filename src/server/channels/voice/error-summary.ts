/**
 * A failure as one short line for the log: the database driver's own message when there is one.
 * A query error's message would quote its parameters, i.e. what the caller said, and transcripts
 * do not belong in logs.
 */
export function errorSummary(err: unknown): string {
  const cause = (err as { cause?: unknown })?.cause;
  const pick = cause instanceof Error ? cause : err instanceof Error ? err : null;
  return (pick ? `${pick.name}: ${pick.message}` : String(err)).split("\n")[0]!.slice(0, 300);
}
