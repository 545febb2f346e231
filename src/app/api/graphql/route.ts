import { LIMITS, yoga } from "@/server/graphql/server";

/** The GraphQL API (docs/graphql.md). Subscriptions use the WebSocket at the same path (server.ts). */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const tooLarge = () =>
  Response.json(
    {
      errors: [
        { message: `Keep requests under ${LIMITS.bodyBytes} bytes.`, extensions: { code: "PAYLOAD_TOO_LARGE" } },
      ],
    },
    { status: 413 },
  );

async function handle(request: Request): Promise<Response> {
  if (request.method === "POST") {
    // Read with a cap whatever the client claims: huge variables never reach the parser.
    if (Number(request.headers.get("content-length") ?? "0") > LIMITS.bodyBytes) return tooLarge();
    const body = await request.arrayBuffer();
    if (body.byteLength > LIMITS.bodyBytes) return tooLarge();
    request = new Request(request.url, { method: "POST", headers: request.headers, body });
  }
  return yoga.handleRequest(request, {});
}

export const GET = handle;
export const POST = handle;
