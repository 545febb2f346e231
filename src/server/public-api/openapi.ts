import "server-only";

import { z } from "zod";

import { env } from "@/env";

import { IDEMPOTENCY_TTL_HOURS } from "./idempotency";
import { ZProblem, PROBLEMS, PROBLEM_BASE } from "@/server/http/problem";
import type { ApiRoute } from "./route";
import { ROUTES } from "./routes";
import { ZWebhookEvent, WEBHOOK_EVENT_DOCS } from "./webhook-event-schema";

/**
 * OpenAPI 3.1 generated from the same zod schemas that validate requests and responses, so the
 * document cannot drift from the code. Response schemas are converted as zod *outputs*, request
 * bodies and parameters as *inputs* (defaults and coercions make fields optional there).
 */
type Json = Record<string, unknown>;
const REF = (id: string) => `#/components/schemas/${id}`;

function idOf(schema: z.ZodType): string | undefined {
  return (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
}

/** Converts every named schema in one pass so shared parts become $refs between components. */
function components(schemas: z.ZodType[], io: "input" | "output"): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const s of schemas) {
    const id = idOf(s);
    if (id && !registry.has(s)) registry.add(s, { id });
  }
  const out = z.toJSONSchema(registry, { io, uri: REF, unrepresentable: "any" }) as { schemas: Record<string, Json> };
  const result: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(out.schemas)) {
    if (id === "__shared") throw new Error("a named schema is missing from the OpenAPI component list");
    const { $schema: _s, $id: _i, ...rest } = schema;
    result[id] = rest;
  }
  return result;
}

/** Every named schema reachable from `root` (the top-level ones and any nested object/array/nullable). */
function named(root: z.ZodType, into: Set<z.ZodType>) {
  const visit = (s: unknown, depth: number) => {
    if (!s || typeof s !== "object" || depth > 12) return;
    const schema = s as z.ZodType & { def?: Record<string, unknown> };
    if (idOf(schema)) into.add(schema);
    const def = schema.def ?? {};
    for (const v of Object.values(def)) {
      if (v && typeof v === "object" && "def" in (v as object)) visit(v, depth + 1);
      else if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    }
    const shape = (def as { shape?: Record<string, unknown> }).shape;
    if (shape) Object.values(shape).forEach((x) => visit(x, depth + 1));
  };
  visit(root, 0);
}

function inline(schema: z.ZodType): Json {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  return rest;
}

function parameters(route: ApiRoute): Json[] {
  const out: Json[] = [];
  if (route.idempotent) out.push({ $ref: "#/components/parameters/IdempotencyKey" });
  const add = (where: "path" | "query", shape: Record<string, z.ZodType>) => {
    for (const [name, field] of Object.entries(shape)) {
      const schema = inline(field);
      const { description, ...rest } = schema;
      out.push({
        name,
        in: where,
        required: where === "path" || !field.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  };
  if (route.params) add("path", route.params.shape as Record<string, z.ZodType>);
  if (route.query) add("query", route.query.shape as Record<string, z.ZodType>);
  return out;
}

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: REF("Problem") } } },
});

function operation(route: ApiRoute): Json {
  const successes = route.statuses ?? [200];
  const responses: Json = {};
  for (const status of successes) {
    responses[String(status)] = {
      description: status === 201 ? "Created" : "OK",
      headers: {
        RateLimit: { $ref: "#/components/headers/RateLimit" },
        "RateLimit-Policy": { $ref: "#/components/headers/RateLimit-Policy" },
        ...(route.idempotent ? { "Idempotent-Replayed": { $ref: "#/components/headers/Idempotent-Replayed" } } : {}),
      },
      content: { "application/json": { schema: { $ref: REF(idOf(route.response)!) } } },
    };
  }
  responses["400"] = problem("validation-error, invalid-json or invalid-cursor");
  responses["401"] = problem("unauthorized");
  responses["403"] = problem("insufficient-scope");
  responses["404"] = problem("not-found (also for another organization's ids)");
  if (route.method !== "GET")
    responses["409"] = problem(route.idempotent ? "conflict or idempotency-key-in-use" : "conflict");
  if (route.idempotent) responses["422"] = problem("idempotency-key-reused: the key was sent with a different request");
  responses["429"] = {
    ...problem("rate-limited"),
    headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds until the window resets." } },
  };
  const bodyId = route.body ? idOf(route.body) : undefined;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: [{ apiKey: [] }],
    "x-required-scope": route.method === "GET" ? "read" : "write",
    parameters: parameters(route),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: bodyId ? { $ref: REF(bodyId) } : inline(route.body) } },
          },
        }
      : {}),
    responses,
  };
}

/** The envelope, with `type` and `data` narrowed where the event's data has a named schema. */
function webhookBody(type: string, data: z.ZodType | undefined): Json {
  const id = data && idOf(data);
  if (!id) return { $ref: REF("WebhookEvent") };
  return {
    allOf: [
      { $ref: REF("WebhookEvent") },
      { type: "object", properties: { type: { const: type }, data: { $ref: REF(id) } } },
    ],
  };
}

let cached: Json | null = null;

export function buildOpenApiDocument(): Json {
  if (cached) return cached;
  const responseSchemas = new Set<z.ZodType>([ZProblem, ZWebhookEvent]);
  for (const doc of Object.values(WEBHOOK_EVENT_DOCS)) if (doc.schema) named(doc.schema, responseSchemas);
  const requestSchemas = new Set<z.ZodType>();
  for (const r of ROUTES) {
    named(r.response, responseSchemas);
    if (r.body) named(r.body, requestSchemas);
  }
  for (const s of [...responseSchemas]) named(s, responseSchemas);
  const schemas = { ...components([...responseSchemas], "output"), ...components([...requestSchemas], "input") };

  const paths: Record<string, Json> = {};
  for (const r of ROUTES) (paths[r.path] ??= {})[r.method.toLowerCase()] = operation(r);

  const webhooks: Record<string, Json> = {};
  for (const [type, doc] of Object.entries(WEBHOOK_EVENT_DOCS)) {
    webhooks[type] = {
      post: {
        summary: type,
        description: `${doc.description} Signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). \`data\`: ${doc.data}.`,
        requestBody: { content: { "application/json": { schema: webhookBody(type, doc.schema) } } },
        responses: {
          "2XX": { description: "Received. Any other answer, or none within 15 s, is retried with backoff." },
        },
      },
    };
  }

  cached = {
    openapi: "3.1.0",
    info: {
      title: "Storage Agent API",
      version: "1.0.0",
      description:
        "Facilities with their closures and knowledge base, inventory with live rates and availability, customers, leads, reservations, calls, conversations and text messages of one organization. " +
        `Authenticate with \`Authorization: Bearer sa_live_...\`. Errors are RFC 9457 problem details whose \`type\` starts with ${PROBLEM_BASE}. ` +
        "Lists page with `limit` (1-100) and `cursor` (the previous page's `next_cursor`), newest first.",
    },
    servers: [{ url: `${env.PUBLIC_URL.replace(/\/$/, "")}/api/v1` }],
    tags: [
      { name: "Facilities" },
      { name: "Knowledge base" },
      { name: "Inventory" },
      { name: "Customers" },
      { name: "Leads" },
      { name: "Reservations" },
      { name: "Calls and messages" },
      { name: "Payments" },
    ],
    paths,
    webhooks,
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key from Settings > API & webhooks." },
      },
      headers: {
        RateLimit: {
          description:
            'Current quota: `"per-key";r=<remaining>;t=<seconds to reset>` (draft-ietf-httpapi-ratelimit-headers).',
          schema: { type: "string" },
        },
        "RateLimit-Policy": { description: 'Quota policy: `"per-key";q=<requests>;w=60`.', schema: { type: "string" } },
        "Idempotent-Replayed": {
          description: "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.",
          schema: { type: "string", enum: ["true"] },
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description: `A unique value per logical request (a UUID), 1 to 255 printable ASCII characters. Retrying with the same key and the same body replays the first successful answer (with \`Idempotent-Replayed: true\`) instead of acting twice; the same key with a different body is refused with 422 idempotency-key-reused. Keys are scoped to the API key and kept ${IDEMPOTENCY_TTL_HOURS} hours. Error answers are not stored.`,
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      },
    },
    "x-problem-types": Object.fromEntries(Object.entries(PROBLEMS).map(([k, v]) => [PROBLEM_BASE + k, v])),
  };
  return cached;
}
