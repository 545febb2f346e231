import { DomainError } from "@/lib/domain-error";

export { DomainError, type DomainErrorCode } from "@/lib/domain-error";

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} was not found.`);

/** Postgres unique_violation, optionally on a named constraint/index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = (err as { cause?: unknown })?.cause ?? err;
  const pg = e as { code?: string; constraint?: string };
  return pg?.code === "23505" && (!constraint || pg.constraint === constraint);
}
