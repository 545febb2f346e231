import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";

import { GET } from "@/app/api/trpc/[trpc]/route";
import { TRPC_MAX_BATCH_SIZE } from "@/lib/trpc-limits";
import { handleTrpc } from "@/server/api/http-handler";
import type { appRouter } from "@/server/api/root";
import { createTRPCRouter, publicProcedure } from "@/server/api/trpc";
import { db } from "@/server/db/client";

import { seedOrganization } from "../factories";

/**
 * An error nobody converted (a failed query, a bug) used to reach the browser as is: the SQL text,
 * table and column names, and outside production the stack. The client now gets a sentence and a
 * reference; the log line carries the same reference and the details. A batch runs at most
 * TRPC_MAX_BATCH_SIZE procedures.
 */
const failing = createTRPCRouter({
  leaky: publicProcedure.query(async () => {
    await db.execute(sql`select secret_column from "customer" where phone = ${"+15105550199"}`);
    return "unreachable";
  }),
  crashes: publicProcedure.query(() => {
    throw new Error("connect ECONNREFUSED 10.1.2.3:5432 for user storage_agent_tenant");
  }),
});

const get = (router: unknown, path: string) =>
  handleTrpc(new Request(`http://localhost:3000/api/trpc/${path}`), router as typeof appRouter);

afterEach(() => vi.restoreAllMocks());

describe("unexpected tRPC errors", () => {
  it("reach the client as a generic message with a reference, and the log with the details", async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    for (const path of ["leaky", "crashes"]) {
      const res = await get(failing, path);
      expect(res.status).toBe(500);
      const text = await res.text();
      for (const leak of ["secret_column", "customer", "select", "ECONNREFUSED", "10.1.2.3", "storage_agent", ".ts:"])
        expect(text, `${path} leaks ${leak}`).not.toContain(leak);
      const body = JSON.parse(text) as { error: { json: { message: string; data: Record<string, unknown> } } };
      const { message, data } = body.error.json;
      expect(message).toMatch(/^Something went wrong on our side; it has been logged\. Reference: [\w-]{8,}\.$/);
      expect(data.code).toBe("INTERNAL_SERVER_ERROR");
      expect(data.stack).toBeUndefined();
      const reference = data.reference as string;
      expect(message).toContain(reference);
      const logged = lines.find((l) => l.includes(reference));
      expect(logged, "a log line with the reference").toBeDefined();
      expect(logged).toContain(path === "leaky" ? "secret_column" : "ECONNREFUSED");
    }
  });

  it("keeps the message of an error the code meant for the client", async () => {
    const org = await seedOrganization();
    const res = await GET(
      new Request(
        "http://localhost:3000/api/trpc/reservations.get?input=" + encodeURIComponent('{"json":{"id":"x"}}'),
        {
          headers: { cookie: org.owner.headers.get("cookie")! },
        },
      ),
    );
    const body = (await res.json()) as { error: { json: { message: string; data: { reference: unknown } } } };
    expect(res.status).toBeLessThan(500);
    expect(body.error.json.message).not.toMatch(/Something went wrong/);
    expect(body.error.json.data.reference).toBeNull();
  });
});

describe("tRPC batches", () => {
  const batch = (n: number, cookie: string) =>
    GET(
      new Request(
        `http://localhost:3000/api/trpc/${Array(n).fill("team.list").join(",")}?batch=1&input=${encodeURIComponent("{}")}`,
        { headers: { cookie } },
      ),
    );

  it(`runs up to ${TRPC_MAX_BATCH_SIZE} calls in one request and refuses more`, async () => {
    const org = await seedOrganization();
    const cookie = org.owner.headers.get("cookie")!;
    const ok = await batch(TRPC_MAX_BATCH_SIZE, cookie);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as unknown[]).length).toBe(TRPC_MAX_BATCH_SIZE);
    const tooMany = await batch(TRPC_MAX_BATCH_SIZE + 1, cookie);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).not.toContain("members");
    const huge = await batch(5000, cookie);
    expect(huge.status).toBe(400);
  });
});
