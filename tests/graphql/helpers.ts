import { POST } from "@/app/api/graphql/route";

/** GraphQL called the way Next calls it: a Request into the route module's POST export. */
export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

export async function rawGql(body: string, key?: string, headers: Record<string, string> = {}) {
  return POST(
    new Request("http://localhost:3000/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
      body,
    }),
  );
}

export async function gql<T = Record<string, any>>( // eslint-disable-line @typescript-eslint/no-explicit-any
  key: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResult<T>> {
  const res = await rawGql(JSON.stringify({ query, variables }), key);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: JSON.parse(text) };
}
