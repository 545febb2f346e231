import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { GET as readyRoute } from "@/app/api/ready/route";

import { isShuttingDown, markShuttingDown } from "./lifecycle";
import { readinessReport } from "./readiness";

/** Readiness against the real, migrated test database and the repository's migration journal. */
async function journalWith(extra: { idx: number; when: number; tag: string }[], drop = 0) {
  const journal = JSON.parse(await readFile(path.resolve("drizzle/meta/_journal.json"), "utf8")) as {
    entries: unknown[];
  };
  journal.entries = [...journal.entries.slice(0, journal.entries.length - drop), ...extra];
  const dir = await mkdtemp(path.join(tmpdir(), "journal-"));
  const file = path.join(dir, "_journal.json");
  await writeFile(file, JSON.stringify(journal));
  return { file, expected: journal.entries.length };
}

describe("readiness", () => {
  it("is ready on a migrated database", async () => {
    const report = await readinessReport();
    expect(report.checks.database.ok).toBe(true);
    expect(report.checks.migrations).toMatchObject({ ok: true, pending: [] });
    expect(report.checks.migrations.applied).toBeGreaterThanOrEqual(report.checks.migrations.expected!);
    expect(report.checks.shutdown).toEqual({ ok: true, shuttingDown: false });
    expect(report.ready).toBe(true);

    const res = await readyRoute();
    expect(res.status).toBe(200);
    expect(((await res.json()) as { ready: boolean }).ready).toBe(true);
  });

  it("is not ready while a migration of this build is unapplied", async () => {
    const { file, expected } = await journalWith([
      { idx: 999, when: Date.now() + 365 * 86_400_000, tag: "9999_from_the_future" },
    ]);
    const report = await readinessReport({ journalPath: file });
    expect(report.ready).toBe(false);
    expect(report.checks.migrations).toMatchObject({ ok: false, expected, pending: ["9999_from_the_future"] });
    expect(report.checks.database.ok).toBe(true);
  });

  it("stays ready when the database is ahead of this build (a newer release migrated it)", async () => {
    const { file } = await journalWith([], 1);
    const report = await readinessReport({ journalPath: file });
    expect(report.checks.migrations.ok).toBe(true);
    expect(report.ready).toBe(true);
  });

  it("is not ready without a readable journal", async () => {
    const report = await readinessReport({ journalPath: path.join(tmpdir(), "no-such-dir", "_journal.json") });
    expect(report.ready).toBe(false);
    expect(report.checks.migrations.error).toMatch(/cannot read the migration journal/);
  });

  // Last: the shutdown flag cannot be cleared (a process never stops shutting down).
  it("is not ready once shutting down", async () => {
    expect(isShuttingDown()).toBe(false);
    markShuttingDown();
    const res = await readyRoute();
    expect(res.status).toBe(503);
    const body = (await res.json()) as {
      ready: boolean;
      checks: { shutdown: { shuttingDown: boolean }; database: { ok: boolean } };
    };
    expect(body.ready).toBe(false);
    expect(body.checks.shutdown.shuttingDown).toBe(true);
    expect(body.checks.database.ok).toBe(true);
  });
});
