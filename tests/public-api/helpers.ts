import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { expect } from "vitest";

import { DELETE, GET, PATCH, POST, PUT } from "@/app/api/v1/[...path]/route";
import { buildOpenApiDocument } from "@/server/public-api/openapi";

import { callerFor, seedOrganization, type TestOrg } from "../factories";

/**
 * The public API called the way Next calls it: a Request into the route module's exports. Every
 * response is checked against the OpenAPI document the API itself serves.
 */
const HANDLERS = { GET, POST, PATCH, PUT, DELETE } as const;
type Method = keyof typeof HANDLERS;
const BASE = "http://localhost:3000/api/v1";

export interface ApiResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { data?: Record<string, unknown>[]; next_cursor?: string | null };
  contentType: string;
}

export async function rawCall(
  method: Method,
  path: string,
  init: { key?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = {
    ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
    ...init.headers,
  };
  const request = new Request(BASE + path, { method, headers, body: init.body });
  return HANDLERS[method](request);
}

export async function api(
  key: string | undefined,
  method: Method,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult> {
  const res = await rawCall(method, path, {
    key,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
  });
  const text = await res.text();
  const result = {
    status: res.status,
    headers: res.headers,
    body: text ? JSON.parse(text) : {},
    contentType: res.headers.get("content-type") ?? "",
  };
  expectMatchesOpenApi(method, path, result);
  return result;
}

// --- validation against the served document -------------------------------------------------------
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;
const doc = buildOpenApiDocument() as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }>
  >;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema({ ...doc, $id: "https://storage-agent.dev/openapi.json" });

function templateFor(path: string) {
  const bare = path.split("?")[0]!;
  for (const template of Object.keys(doc.paths)) {
    const re = new RegExp("^" + template.replace(/\{\w+\}/g, "[^/]+") + "$");
    if (re.test(bare)) return template;
  }
  return null;
}

export function expectMatchesOpenApi(
  method: Method,
  path: string,
  r: { status: number; body: unknown; contentType: string },
) {
  let ref: string;
  if (r.status >= 400) {
    expect(r.contentType, `${method} ${path} -> ${r.status}`).toBe("application/problem+json");
    ref = "#/components/schemas/Problem";
  } else {
    const template = templateFor(path);
    expect(template, `${path} is documented`).not.toBeNull();
    const op = doc.paths[template!]![method.toLowerCase()];
    expect(op, `${method} ${template} is documented`).toBeDefined();
    const response = op!.responses[String(r.status)];
    expect(response, `${method} ${template} documents status ${r.status}`).toBeDefined();
    expect(r.contentType).toBe("application/json");
    ref = response!.content!["application/json"]!.schema.$ref;
  }
  const validate = ajv.getSchema(`https://storage-agent.dev/openapi.json${ref}`);
  expect(validate, ref).toBeDefined();
  const ok = validate!(r.body);
  expect(ok ? [] : validate!.errors, `${method} ${path} -> ${r.status} matches ${ref}`).toEqual([]);
}

// --- fixtures ---------------------------------------------------------------------------------------
export async function seedApiOrg(
  scopes: ("read" | "write")[] = ["read", "write"],
): Promise<{ org: TestOrg; key: string; keyId: string }> {
  const org = await seedOrganization();
  const owner = await callerFor(org.owner);
  const created = await owner.apiKeys.create({ name: "tests", scopes });
  return { org, key: created.key, keyId: created.id };
}

export async function newKey(org: TestOrg, scopes: ("read" | "write")[]) {
  return (await (await callerFor(org.owner)).apiKeys.create({ name: `k-${scopes.join("-")}`, scopes })).key;
}
