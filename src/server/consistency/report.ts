import { and, eq, inArray } from "drizzle-orm";

import { db } from "@/server/db/client";
import { member, organization, user } from "@/server/db/schema";
import { sendEmail } from "@/server/integrations/email";
import { log } from "@/server/log";
import { setConsistencyViolations } from "@/server/observability/metrics";

import type { CheckResult } from "./checks";

/**
 * What a failing consistency check sets off: an error log line and the
 * `storage_agent_consistency_violations{check}` gauge for whoever runs the service (alert on it
 * above 0, docs/operations.md), an e-mail to OPS_ALERT_EMAIL when set, and an e-mail to the owners
 * of each organization whose rows are affected (their own rows only). Each e-mail goes once a day
 * per check and recipient (idempotency key), so an hourly run that keeps finding the same problem
 * does not flood anyone.
 */
export async function reportFindings(results: CheckResult[], now = new Date()): Promise<{ emails: number }> {
  const day = now.toISOString().slice(0, 10);
  let emails = 0;
  for (const r of results) {
    setConsistencyViolations(r.name, r.error ? -1 : r.violations.length);
    if (r.ok) continue;
    log.error(
      { check: r.name, violations: r.violations.length, error: r.error, sample: r.violations.slice(0, 5) },
      "consistency check failed",
    );
  }
  const failing = results.filter((r) => !r.ok);
  if (!failing.length) return { emails };

  const opsTo = process.env.OPS_ALERT_EMAIL?.trim();
  if (opsTo) {
    const text = failing
      .map(
        (r) =>
          `${r.name}: ${r.error ?? `${r.violations.length} rows`}\n  ${r.invariant}\n${r.violations
            .slice(0, 20)
            .map((v) => `  - [${v.organizationId ?? "-"}] ${v.subject}: ${v.detail}`)
            .join("\n")}`,
      )
      .join("\n\n");
    await sendEmail({
      to: opsTo,
      kind: "consistency.failed",
      idempotencyKey: `consistency:ops:${day}:${failing.map((r) => r.name).join(",")}`,
      subject: `Storage Agent consistency checks failed: ${failing.map((r) => r.name).join(", ")}`,
      text: `${text}\n\nRun npm run db:check for the full list (docs/operations.md, "Consistency checks").`,
    });
    emails++;
  }

  // Per organization: the owners hear about their own rows, never another organization's.
  const byOrg = new Map<string, Map<string, CheckResult["violations"]>>();
  for (const r of failing)
    for (const v of r.violations) {
      if (!v.organizationId) continue;
      const checks = byOrg.get(v.organizationId) ?? new Map<string, CheckResult["violations"]>();
      checks.set(r.name, [...(checks.get(r.name) ?? []), v]);
      byOrg.set(v.organizationId, checks);
    }
  if (!byOrg.size) return { emails };
  const owners = await db
    .select({ organizationId: member.organizationId, email: user.email, orgName: organization.name })
    .from(member)
    .innerJoin(user, eq(user.id, member.userId))
    .innerJoin(organization, eq(organization.id, member.organizationId))
    .where(and(inArray(member.organizationId, [...byOrg.keys()]), eq(member.role, "owner")));
  for (const o of owners) {
    const checks = byOrg.get(o.organizationId)!;
    for (const [check, violations] of checks) {
      const invariant = failing.find((r) => r.name === check)!.invariant;
      await sendEmail({
        to: o.email,
        organizationId: o.organizationId,
        kind: "consistency.failed",
        idempotencyKey: `consistency:${check}:${o.organizationId}:${day}:${o.email}`,
        subject: `Data check "${check}" found ${violations.length} problem${violations.length === 1 ? "" : "s"} in ${o.orgName}`,
        text:
          `Our hourly data check found records of ${o.orgName} that disagree with each other.\n` +
          `What must hold: ${invariant}.\n\n` +
          violations
            .slice(0, 20)
            .map((v) => `- ${v.subject}: ${v.detail}`)
            .join("\n") +
          `\n\nNothing was changed. The service team has been alerted as well; reply to this e-mail if you edited these records by hand.`,
      });
      emails++;
    }
  }
  return { emails };
}
