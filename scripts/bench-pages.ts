/**
 * npm run bench:pages: how long the dashboard's pages take to show their data, in a real browser,
 * against the production build.
 *
 * Starts this checkout's production server (`npm run build` output served by server.ts, as
 * `npm start` runs it) on its own port with the demo organization seeded, signs in as the demo
 * user in headless Chromium (Debian's /usr/bin/chromium or CHROMIUM_PATH; never downloaded), then
 * loads Overview, Calls, Leads, Reservations, Analytics and a facility page BENCH_LOADS times each
 * (default 20), one after another, and prints per page:
 *   - time to data: from navigation to the page's `data-loaded` mark (src/components/ui/data-loaded.tsx:
 *     set once no query is fetching), p50 / p95;
 *   - the document (server-rendered HTML) and the slowest tRPC request of each load, p50 / p95, as
 *     the browser timed them (request sent to response complete: server time plus loopback);
 *   - the browser's own work per load (script, layout, style: Chrome's Performance metrics), p50.
 * Target: p95 time to data <= 1 s per page.
 *
 *   DATABASE_URL=... npm run bench:pages          (builds first when the build is missing or stale)
 *   BENCH_LOADS=20 BENCH_PORT=3274 CHROMIUM_PATH=/usr/bin/chromium
 */
import { existsSync } from "node:fs";
import os from "node:os";

import {
  chromium,
  type CDPSession,
  type ConsoleMessage,
  type Page,
  type Request,
  type Response,
} from "@playwright/test";

import { startProductionServer } from "./bench/production-server";

const LOADS = Number(process.env.BENCH_LOADS ?? 20);
const PORT = Number(process.env.BENCH_PORT ?? 3274);
const TARGET_MS = 1000;
/** BENCH_PAGES=calls,leads: only these pages. */
const ONLY = process.env.BENCH_PAGES ? new Set(process.env.BENCH_PAGES.toLowerCase().split(",")) : null;
const CHROMIUM = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (p): p is string => !!p && existsSync(p),
);
const DEMO = { email: "demo@storage-agent.local", password: "demo-storage-agent" };

if (!process.env.DATABASE_URL) throw new Error("set DATABASE_URL: the server seeds the demo organization there");
if (!CHROMIUM) throw new Error("no Chromium: install Debian's chromium or set CHROMIUM_PATH");

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;

/** Request sent to response complete, as the browser timed it (ms). */
function requestMs(req: Request): number {
  const t = req.timing();
  return t.responseEnd - t.requestStart;
}

interface Load {
  toData: number;
  /** The page's main-thread script and layout/style time in the load (Chrome's Performance metrics). */
  browserCpu: number;
  document: number;
  slowestTrpc: number;
  trpcCalls: number;
  failed: boolean;
  /** Why the page marked an error: failed tRPC responses and requests, console errors. */
  why: string[];
}

/** Seconds of script, layout and style recalculation the renderer has run so far. */
async function rendererSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send("Performance.getMetrics")) as { metrics: { name: string; value: number }[] };
  const of = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return of("ScriptDuration") + of("LayoutDuration") + of("RecalcStyleDuration");
}

async function load(page: Page, cdp: CDPSession, url: string): Promise<Load> {
  // Finished requests only: a live stream (the dashboards' realtime updates) never finishes.
  const trpc: number[] = [];
  let document = NaN;
  const onFinished = (req: Request) => {
    if (new URL(req.url()).pathname.startsWith("/api/trpc/")) trpc.push(requestMs(req));
    else if (req.isNavigationRequest()) document = requestMs(req);
  };
  const why: string[] = [];
  const onResponse = (res: Response) => {
    // A batch answers 200 or 207 (multi-status) with some of its calls failed: their error is in the body.
    if (new URL(res.url()).pathname.startsWith("/api/trpc/"))
      void res.text().then(
        (body) => {
          if (res.status() >= 400 || body.includes('"error"'))
            why.push(`${res.status()} ${new URL(res.url()).pathname}: ${body.slice(0, 400)}`);
        },
        () => why.push(`${res.status()} ${new URL(res.url()).pathname} (no body)`),
      );
  };
  const onRequestFailed = (req: Request) => why.push(`request failed ${req.url()}: ${req.failure()?.errorText}`);
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() === "error") why.push(`console: ${m.text().slice(0, 300)}`);
  };
  page.on("requestfinished", onFinished);
  page.on("response", onResponse);
  page.on("requestfailed", onRequestFailed);
  page.on("console", onConsole);
  const cpuBefore = await rendererSeconds(cdp);
  const started = performance.now();
  await page.goto(url, { waitUntil: "commit" });
  // The mark's value is read in the same evaluation that finds it: read afterwards, a refetch the
  // page started in between (the Calls page's catch-up when its live stream opens) has removed it.
  const mark = await page.waitForFunction(
    () => window.document.querySelector("[data-loaded]")?.getAttribute("data-loaded") ?? false,
    null,
    { timeout: 60_000, polling: 10 },
  );
  const toData = performance.now() - started;
  const state = (await mark.jsonValue()) as string;
  const failed = state !== "ok";
  // Chrome's counters may start again with the new document (then they are this load's work as
  // they stand) or carry on in the same renderer (then the difference is).
  const cpuAfter = await rendererSeconds(cdp);
  const browserCpu = (cpuAfter >= cpuBefore ? cpuAfter - cpuBefore : cpuAfter) * 1000;
  // The last response's "finished" event can trail the render it fed by a moment.
  await page.waitForTimeout(50);
  page.off("requestfinished", onFinished);
  page.off("response", onResponse);
  page.off("requestfailed", onRequestFailed);
  page.off("console", onConsole);
  if (failed) console.log(`  ${url}: the page marked ${state}${why.length ? `: ${why.join(" | ")}` : ""}`);
  return {
    toData,
    browserCpu,
    document,
    slowestTrpc: Math.max(0, ...trpc),
    trpcCalls: trpc.length,
    failed,
    why,
  };
}

const server = await startProductionServer({
  dir: process.cwd(),
  port: PORT,
  env: {
    DATABASE_URL: process.env.DATABASE_URL,
    DEMO_SEED: "true",
    PUBLIC_URL: `http://127.0.0.1:${PORT}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
});
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = await (await browser.newContext({ baseURL: server.base })).newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  console.log(`headless Chromium (${CHROMIUM}): signing in as ${DEMO.email}`);
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(DEMO.email);
  await page.getByLabel("Password").fill(DEMO.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Sign-in lands on /app, which redirects to the active organization's dashboard.
  await page.waitForURL((u) => !["sign-in", "app"].includes(u.pathname.split("/")[1]!), { timeout: 60_000 });
  const org = new URL(page.url()).pathname.split("/")[1]!;
  await page.goto(`/${org}/facilities`);
  const facilityHref = await page
    .locator(`a[href^="/${org}/facilities/"]:not([href$="/new"])`)
    .first()
    .getAttribute("href", { timeout: 60_000 });

  const pages = (
    [
      ["Overview", `/${org}`],
      ["Calls", `/${org}/calls`],
      ["Leads", `/${org}/leads`],
      ["Reservations", `/${org}/reservations`],
      ["Analytics", `/${org}/analytics`],
      ["Facility", facilityHref!],
    ] satisfies [string, string][]
  ).filter(([name]) => !ONLY || ONLY.has(name.toLowerCase()));
  // One untimed load of each: caches, the server's first render of each route, the browser's code.
  console.log(`one untimed load of each page, then ${LOADS} timed loads of each, round-robin`);
  for (const [, path] of pages) await load(page, cdp, path);

  const rows: { name: string; loads: Load[] }[] = pages.map(([name]) => ({ name, loads: [] }));
  // Round-robin, so a busy minute on the machine spreads over every page instead of one.
  for (let i = 0; i < LOADS; i++)
    for (const [k, [, path]] of pages.entries()) rows[k]!.loads.push(await load(page, cdp, path));

  console.log(
    `\nbench:pages  production build, demo organization, ${LOADS} loads a page  (${os.cpus().length} CPUs, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")})`,
  );
  console.log(
    `${"page".padEnd(14)} ${"to data p50".padStart(12)} ${"p95".padStart(7)} ${"document p50".padStart(13)} ${"p95".padStart(7)} ${"slowest tRPC p50".padStart(17)} ${"p95".padStart(7)} ${"tRPC/load".padStart(10)} ${"browser CPU p50".padStart(16)} ${"failed".padStart(7)}`,
  );
  let met = true;
  for (const r of rows) {
    const s = (k: "toData" | "document" | "slowestTrpc" | "browserCpu") =>
      r.loads.map((l) => l[k]).sort((a, b) => a - b);
    const f = (n: number) => `${n.toFixed(0)} ms`;
    const toData = s("toData");
    if (pct(toData, 95) > TARGET_MS) met = false;
    console.log(
      `${r.name.padEnd(14)} ${f(pct(toData, 50)).padStart(12)} ${f(pct(toData, 95)).padStart(7)} ${f(pct(s("document"), 50)).padStart(13)} ${f(pct(s("document"), 95)).padStart(7)} ${f(pct(s("slowestTrpc"), 50)).padStart(17)} ${f(pct(s("slowestTrpc"), 95)).padStart(7)} ${(r.loads.reduce((a, l) => a + l.trpcCalls, 0) / r.loads.length).toFixed(1).padStart(10)} ${f(pct(s("browserCpu"), 50)).padStart(16)} ${String(r.loads.filter((l) => l.failed).length).padStart(7)}`,
    );
  }
  console.log(`target: p95 time to data <= ${TARGET_MS} ms on every page -> ${met ? "met" : "NOT met"}`);
} finally {
  await browser.close();
  await server.stop();
}
