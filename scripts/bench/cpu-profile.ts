/**
 * Reads a V8 `.cpuprofile` (node --cpu-prof) and prints where the time went inside a window: the
 * top functions by self time, and self time by where the code lives (our src/, Next, a package,
 * Node's internals, the garbage collector, idle). The file itself opens as a flame graph in Chrome
 * DevTools (Performance > Load profile) or speedscope.
 */
import { readFileSync } from "node:fs";

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives, for the by-area table. */
export function areaOf(url: string, functionName: string): string {
  if (functionName === "(garbage collector)") return "garbage collector";
  if (functionName === "(idle)") return "idle";
  if (functionName === "(program)") return "V8/native (program)";
  if (!url) return "native";
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split("/");
    const pkg = rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
    if (pkg === "next") {
      // Next's server is most of the story when it is in the way: name its parts.
      const sub = rest.slice(1).join("/");
      const m = /dist\/(?:compiled\/)?([^/]+)(?:\/([^/]+))?/.exec(sub);
      return m ? `next: ${m[1]}${m[2] && !m[2].endsWith(".js") ? `/${m[2]}` : ""}` : "next";
    }
    return pkg;
  }
  // Next's server bundles of our own code (route handlers) and the tsx-loaded sources.
  const src = url.indexOf("/src/");
  if (src >= 0)
    return `src/${url
      .slice(src + 5)
      .split("/")
      .slice(0, 3)
      .join("/")}`;
  if (url.includes("/.next/server/chunks/")) return ".next chunks (bundled app + packages)";
  if (url.includes("/.next/")) return ".next";
  return url.replace(/^file:\/\//, "");
}

export interface ProfileSummary {
  totalMs: number;
  byArea: { area: string; ms: number }[];
  byFunction: { name: string; ms: number }[];
}

/**
 * Self time per function and per area for the samples taken between `from` and `to` (monotonic
 * microseconds, process.hrtime's clock, which V8's profile timestamps share on Linux).
 */
export function summariseProfile(file: string, window?: { from: number; to: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fnSelf = new Map<string, number>();
  const areaSelf = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (window && (t < window.from || t > window.to)) continue;
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const ms = delta / 1000;
    total += ms;
    const area = areaOf(url, functionName);
    areaSelf.set(area, (areaSelf.get(area) ?? 0) + ms);
    const where = url ? `${url.replace(/^.*\/(node_modules|src|\.next)\//, "$1/")}:${lineNumber + 1}` : "";
    const name = `${functionName || "(anonymous)"} ${where}`.trim();
    fnSelf.set(name, (fnSelf.get(name) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: total,
    byArea: sorted(areaSelf).map(([area, ms]) => ({ area, ms })),
    byFunction: sorted(fnSelf).map(([name, ms]) => ({ name, ms })),
  };
}

export function printProfile(title: string, s: ProfileSummary, top = 25): void {
  const pct = (ms: number) => `${((100 * ms) / (s.totalMs || 1)).toFixed(1).padStart(5)} %`;
  console.log(`\n${title}: ${(s.totalMs / 1000).toFixed(1)} s of samples, self time by area`);
  for (const a of s.byArea.slice(0, 20)) console.log(`  ${pct(a.ms)}  ${a.area}`);
  console.log(`top ${top} functions by self time`);
  for (const f of s.byFunction.slice(0, top)) console.log(`  ${pct(f.ms)}  ${f.name.slice(0, 150)}`);
}
