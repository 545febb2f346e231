/**
 * A UUID as Postgres's `uuid` type reads it (8-4-4-4-12 hex digits, any case). An id from a URL or a
 * client is checked with this before it reaches a query: compared with a `uuid` column, anything
 * else is a Postgres error (a 500), not the "not found" it should be.
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string | null | undefined): value is string => !!value && UUID.test(value);
