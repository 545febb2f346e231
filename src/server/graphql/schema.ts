import { lexicographicSortSchema, printSchema } from "graphql";

import { builder } from "./builder";
import "./queries";
import "./payments";
import "./mutations";
import "./knowledge-base";
import "./subscriptions";

/** The whole schema, built once per process. `schema.graphql` at the repository root is its printed copy. */
export const schema = builder.toSchema();

export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;
