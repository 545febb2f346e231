import { buildOpenApiDocument } from "@/server/public-api/openapi";

/**
 * A readable reference of the public API, rendered on the server from the same OpenAPI document
 * /api/v1/openapi.json serves: no client script, no CDN assets.
 */
export const metadata = { title: "API reference" };
export const dynamic = "force-dynamic";

type Json = Record<string, unknown>;
interface Param {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Json;
}
interface Op {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters: Param[];
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Json }> }>;
  "x-required-scope": string;
}

const refName = (s: Json | undefined) => (typeof s?.$ref === "string" ? s.$ref.split("/").pop()! : null);

function typeOf(s: Json): string {
  const ref = refName(s);
  if (ref) return ref;
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map(typeOf).join(" | ");
  if (s.type === "array") return `${typeOf((s.items as Json) ?? {})}[]`;
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  const t = Array.isArray(s.type) ? (s.type as string[]).join(" | ") : String(s.type ?? "any");
  return s.format ? `${t} (${String(s.format)})` : t;
}

const cell = { borderBottom: "1px solid #ddd", padding: "4px 8px", verticalAlign: "top", textAlign: "left" } as const;

function SchemaTable({ schema }: { schema: Json }) {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return (
    <table style={{ borderCollapse: "collapse", width: "100%", fontSize: 14 }}>
      <tbody>
        {Object.entries(props).map(([name, p]) => (
          <tr key={name}>
            <td style={cell}>
              <code>{name}</code>
              {required.has(name) ? "" : " (optional)"}
            </td>
            <td style={cell}>
              <code>{typeOf(p)}</code>
            </td>
            <td style={cell}>{String(p.description ?? "")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function ApiReferencePage() {
  const doc = buildOpenApiDocument() as {
    info: { title: string; description: string };
    servers: { url: string }[];
    paths: Record<string, Record<string, Op>>;
    webhooks: Record<string, { post: { description: string } }>;
    components: { schemas: Record<string, Json> };
    "x-problem-types": Record<string, { status: number; title: string }>;
  };
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  return (
    <main
      style={{ maxWidth: 960, margin: "0 auto", padding: 24, fontFamily: "system-ui, sans-serif", lineHeight: 1.5 }}
    >
      <h1>{doc.info.title}</h1>
      <p>{doc.info.description}</p>
      <p>
        Base URL <code>{doc.servers[0]?.url}</code>. Machine-readable: <a href="/api/v1/openapi.json">openapi.json</a>{" "}
        (OpenAPI 3.1). Guide: docs/api.md in the repository.
      </p>
      <h2>Operations</h2>
      <ul>
        {ops.map(({ path, method, op }) => (
          <li key={op.operationId}>
            <a href={`#${op.operationId}`}>
              <code>
                {method} {path}
              </code>
            </a>{" "}
            {op.summary}
          </li>
        ))}
      </ul>
      {ops.map(({ path, method, op }) => {
        const body = op.requestBody?.content["application/json"]?.schema;
        return (
          <section key={op.operationId} id={op.operationId} style={{ borderTop: "1px solid #ccc", marginTop: 24 }}>
            <h3>
              <code>
                {method} {path}
              </code>{" "}
              — {op.summary}
            </h3>
            {op.description ? <p>{op.description}</p> : null}
            <p>
              Scope: <code>{op["x-required-scope"]}</code>
            </p>
            {op.parameters.length ? (
              <>
                <h4>Parameters</h4>
                <table style={{ borderCollapse: "collapse", width: "100%", fontSize: 14 }}>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr key={`${p.in}-${p.name}`}>
                        <td style={cell}>
                          <code>{p.name}</code> ({p.in}
                          {p.required ? ", required" : ""})
                        </td>
                        <td style={cell}>
                          <code>{typeOf(p.schema)}</code>
                        </td>
                        <td style={cell}>{p.description ?? ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            ) : null}
            {body ? (
              <p>
                Body:{" "}
                <a href={`#schema-${refName(body)}`}>
                  <code>{refName(body)}</code>
                </a>
              </p>
            ) : null}
            <h4>Responses</h4>
            <ul>
              {Object.entries(op.responses).map(([status, r]) => {
                const schema =
                  r.content?.["application/json"]?.schema ?? r.content?.["application/problem+json"]?.schema;
                return (
                  <li key={status}>
                    <code>{status}</code> {r.description}{" "}
                    {schema ? (
                      <a href={`#schema-${refName(schema)}`}>
                        <code>{refName(schema)}</code>
                      </a>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      <h2>Errors</h2>
      <table style={{ borderCollapse: "collapse", width: "100%", fontSize: 14 }}>
        <tbody>
          {Object.entries(doc["x-problem-types"]).map(([type, p]) => (
            <tr key={type}>
              <td style={cell}>
                <code>{type}</code>
              </td>
              <td style={cell}>{p.status}</td>
              <td style={cell}>{p.title}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Webhook events</h2>
      <ul>
        {Object.entries(doc.webhooks).map(([type, w]) => (
          <li key={type}>
            <code>{type}</code>: {w.post.description}
          </li>
        ))}
      </ul>
      <h2>Schemas</h2>
      {Object.entries(doc.components.schemas).map(([name, schema]) => (
        <section key={name} id={`schema-${name}`}>
          <h3>
            <code>{name}</code>
          </h3>
          {schema.description ? <p>{String(schema.description)}</p> : null}
          <SchemaTable schema={schema} />
        </section>
      ))}
    </main>
  );
}
