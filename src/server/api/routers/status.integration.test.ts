import { beforeAll, describe, expect, it } from "vitest";

import {
  countWebhookFailure,
  observeAgentTurn,
  observeHttp,
  registerBacklogCollector,
} from "@/server/observability/metrics";

import { callerFor, seedMember, seedOrganization, type TestOrg } from "../../../../tests/factories";

let org: TestOrg;

beforeAll(async () => {
  org = await seedOrganization();
});

describe("status.overview", () => {
  it("is for admins and owners only", async () => {
    for (const role of ["staff", "manager"] as const) {
      const member = await seedMember(org, role);
      await expect((await callerFor(member)).status.overview()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const admin = await seedMember(org, "admin");
    await expect((await callerFor(admin)).status.overview()).resolves.toBeDefined();
  });

  it("reports health, readiness, the pool and the registry's counters", async () => {
    observeHttp({ method: "GET", route: "/:org/leads", status: 200, seconds: 0.04 });
    observeHttp({ method: "GET", route: "/:org/leads", status: 200, seconds: 0.06 });
    observeHttp({ method: "POST", route: "/api/twilio/sms", status: 502, seconds: 0.2 });
    observeHttp({ method: "GET", route: "/nope", status: 404, seconds: 0.001 });
    observeAgentTurn({ brain: "rules", channel: "sms", seconds: 1 });
    observeAgentTurn({ brain: "rules", channel: "sms", seconds: 2 });
    countWebhookFailure("twilio", "voice");
    const unregister = registerBacklogCollector("status-test-queue", () => 4);

    const o = await (await callerFor(org.owner)).status.overview();
    unregister();
    expect(o.health.status).toBe("ok");
    expect(o.readiness.ready).toBe(true);
    expect(o.process.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(o.dbPool?.total).toBeGreaterThanOrEqual(1);
    expect(o.monitoring).toEqual({ metricsEndpoint: false, tracing: false });

    // Exact: this test file runs in its own process, so the registry holds only what it recorded
    // (the tRPC caller goes around HTTP, so it adds no requests).
    expect(o.counters.http).toMatchObject({ requests: 4, serverErrors: 1, clientErrors: 1, p95SecondsAtMost: 0.25 });
    expect(o.counters.http.busiestRoutes[0]).toEqual({ route: "/:org/leads", requests: 2, avgMs: 50 });
    expect(o.counters.agentTurns).toEqual([{ brain: "rules", channel: "sms", turns: 2, avgSeconds: 1.5 }]);
    expect(o.counters.webhookFailures).toEqual([{ provider: "twilio", kind: "voice", count: 1 }]);
    expect(o.counters.errors).toEqual(
      expect.arrayContaining([
        { source: "http", count: 1 },
        { source: "webhook", count: 1 },
      ]),
    );
    expect(o.counters.workflowBacklog).toEqual([{ queue: "status-test-queue", waiting: 4 }]);
  });
});
