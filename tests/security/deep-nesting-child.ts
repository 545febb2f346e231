/**
 * Run by deep-nesting.integration.test.ts in a fresh process (so its heap starts as a server's does):
 * posts import previews nested 2,000 and 20,000 levels deep through the tRPC HTTP handler, exactly as
 * the dashboard posts them, then an ordinary preview to show the process still serves. Prints one
 * JSON line per request; a crash shows up in the parent as a signal or a non-zero exit.
 */
import { readFileSync } from "node:fs";

const { POST } = await import("@/app/api/trpc/[trpc]/route");
const { closeDb } = await import("@/server/db/client");

const cookie = process.env.DEEP_NESTING_COOKIE!;
const nestedFile = (depth: number) => `{"version":1,"facilities":${"[".repeat(depth)}${"]".repeat(depth)}}`;
const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

async function preview(label: string, text: string) {
  const res = await POST(
    new Request("http://localhost:3000/api/trpc/inventory.importPreview", {
      method: "POST",
      headers: { "content-type": "application/json", cookie, origin: "http://localhost:3000" },
      body: JSON.stringify({ json: { format: "json", text } }),
    }),
  );
  const body = (await res.json()) as { error?: { json?: { message?: string } } };
  console.log(JSON.stringify({ label, status: res.status, message: body.error?.json?.message ?? null }));
}

for (const depth of [2_000, 20_000]) {
  await preview(`arrays ${depth}`, nestedFile(depth));
  await preview(`objects ${depth}`, nestedObjects(depth));
}
await preview("ordinary", readFileSync("docs/examples/facility-import.json", "utf8"));
await closeDb();
process.exit(0);
