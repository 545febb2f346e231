import SchemaBuilder from "@pothos/core";
import ErrorsPlugin from "@pothos/plugin-errors";

import type { GraphQLContext } from "./context";

/**
 * The code-first schema builder (Pothos). The schema is built from TypeScript, so a field cannot
 * drift from the resolver that serves it; `schema.graphql` is its printed copy, checked in CI.
 * Expected failures of mutations are typed results (errors plugin), not opaque error strings.
 */
export interface BuilderTypes {
  Context: GraphQLContext;
  Scalars: {
    DateTime: { Input: string; Output: string };
    Date: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
}

export const builder = new SchemaBuilder<BuilderTypes>({
  plugins: [ErrorsPlugin],
  errors: { defaultTypes: [] },
  defaultFieldNullability: false,
});

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

builder.scalarType("DateTime", {
  description: "An instant as ISO 8601 with an offset, e.g. 2026-12-06T15:04:05.000Z (always UTC in answers).",
  serialize: (v) => String(v),
  parseValue: (v) => {
    if (typeof v !== "string" || !ISO_DATE_TIME.test(v) || Number.isNaN(Date.parse(v)))
      throw new TypeError("Give a date-time as ISO 8601 with an offset, e.g. 2026-12-06T15:04:05Z.");
    return v;
  },
});

builder.scalarType("Date", {
  description: "A calendar date, YYYY-MM-DD, in the facility's time zone.",
  serialize: (v) => String(v),
  parseValue: (v) => {
    if (typeof v !== "string" || !ISO_DATE.test(v) || Number.isNaN(Date.parse(v)))
      throw new TypeError("Give a date as YYYY-MM-DD.");
    return v;
  },
});

builder.queryType({ description: "Read the organization's data. Needs a key with the read scope." });
builder.mutationType({ description: "Write what the REST API can write. Needs a key with the write scope." });
builder.subscriptionType({ description: "Live events over WebSocket (graphql-transport-ws). Needs the read scope." });

/** The builder's resolved type configuration, for helpers generic over object refs. */
export type Types = PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>;
