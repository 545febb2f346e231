/**
 * Where this app is reached: PUBLIC_URL, or, when it is unset, the local address of PORT (3000 by
 * default), so a copy started on another port links to itself. Without trailing slashes. For code
 * that reads the environment directly (src/env.ts gives the same as `env.PUBLIC_URL`).
 */
export function publicUrlFrom(source: { readonly [name: string]: unknown }): string {
  const given = typeof source.PUBLIC_URL === "string" ? source.PUBLIC_URL.trim() : "";
  return (given || `http://localhost:${Number(source.PORT) || 3000}`).replace(/\/+$/, "");
}
