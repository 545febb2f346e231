/**
 * `npm run db:check`: runs the consistency checks (src/server/consistency/checks.ts) against
 * DATABASE_URL and prints each check with what it found. Exits 1 when any check fails, so scripts
 * (the DR drill, CI, a cron job) can rely on it. Only reads; `--alert` also reports the findings the
 * way the hourly workflow does (metric, log, e-mails to the owners concerned and OPS_ALERT_EMAIL).
 *
 *   npm run db:check [-- --json] [-- --only unit-status,double-booking] [-- --alert]
 */
export {};

const args = process.argv.slice(2);
const json = args.includes("--json");
const sendAlerts = args.includes("--alert");
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? "").split(",").filter(Boolean) : undefined;

if (!process.env.DATABASE_URL) {
  console.error("npm run db:check needs DATABASE_URL (the database to check).");
  process.exit(2);
}
const { runChecks, CHECKS } = await import("@/server/consistency/checks");
const { closeDb } = await import("@/server/db/client");
const unknown = (only ?? []).filter((n) => !CHECKS.some((c) => c.name === n));
if (unknown.length) {
  console.error(`Unknown check(s): ${unknown.join(", ")}. Checks: ${CHECKS.map((c) => c.name).join(", ")}`);
  process.exit(2);
}
const results = await runChecks(only);
if (sendAlerts) await (await import("@/server/consistency/report")).reportFindings(results);
await closeDb();

if (json) console.log(JSON.stringify(results, null, 2));
else {
  for (const r of results) {
    const status = r.error ? "ERROR" : r.ok ? "ok" : "FAIL";
    console.log(`${status.padEnd(5)} ${r.name.padEnd(20)} ${r.ms} ms  ${r.invariant}`);
    if (r.error) console.log(`      ${r.error.split("\n")[0]}`);
    for (const v of r.violations.slice(0, 20))
      console.log(`      [org ${v.organizationId ?? "-"}] ${v.subject}: ${v.detail}`);
    if (r.violations.length > 20) console.log(`      … ${r.violations.length - 20} more (--json for all)`);
  }
  const failing = results.filter((r) => !r.ok);
  console.log(
    failing.length ? `${failing.length} of ${results.length} checks failed` : `all ${results.length} checks passed`,
  );
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
