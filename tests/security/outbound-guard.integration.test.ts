import type { LookupAddress } from "node:dns";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { clientFor } from "@/server/agent/llm/config";
import { db, withOrg } from "@/server/db/client";
import { webhookDelivery, webhookEndpoint } from "@/server/db/schema";
import {
  BlockedDestinationError,
  createGuardedFetch,
  isBlockedAddress,
  parseAllowList,
  type Resolver,
} from "@/server/http/outbound-guard";
import { deliverDue } from "@/server/webhooks/deliver";
import { emitEvent } from "@/server/webhooks/emit-event";

import { callerFor, seedOrganization, type TestOrg } from "../factories";

/**
 * Issue 20 item 6: requests an organization aims (webhooks, its LLM base URL) never reach our own
 * networks, whatever form the address takes, checked at connect time on every resolved address.
 */
const NONE = parseAllowList("");

// A receiver on every local address: anything the guard lets through would reach it.
let server: Server;
let port = 0;
let hits = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === "/redirect") res.writeHead(302, { location: `http://127.0.0.1:${port}/inside` }).end();
    else res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Name resolution we control: no DNS, no internet. */
const hosts =
  (table: Record<string, string[]>): Resolver =>
  (host, _opts, cb) => {
    const list = table[host];
    if (!list) return cb(Object.assign(new Error(`ENOTFOUND ${host}`), { code: "ENOTFOUND" }), []);
    cb(
      null,
      list.map((address): LookupAddress => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
  };

describe("blocked address forms", () => {
  it("refuses loopback, private, link-local, CGNAT, benchmarking, reserved, multicast and their IPv6 disguises", () => {
    for (const a of [
      "127.0.0.1",
      "127.255.0.9",
      "0.0.0.0",
      "10.1.2.3",
      "100.64.0.1",
      "100.127.255.254",
      "169.254.169.254",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "192.0.0.8",
      "198.18.0.1",
      "198.19.255.255",
      "224.0.0.1",
      "239.255.255.250",
      "255.255.255.255",
      "::1",
      "::",
      "[::]",
      "::ffff:127.0.0.1",
      "[::ffff:127.0.0.1]",
      "::ffff:7f00:1",
      "::ffff:a00:1",
      "::127.0.0.1",
      "64:ff9b::a9fe:a9fe",
      "2002:7f00:1::1",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "ff02::1",
      "2001:db8::1",
    ])
      expect(isBlockedAddress(a, NONE), a).toBe(true);
    for (const a of ["8.8.8.8", "93.184.216.34", "100.128.0.1", "198.20.0.1", "172.32.0.1", "2606:4700:4700::1111"])
      expect(isBlockedAddress(a, NONE), a).toBe(false);
  });

  it("an allow-list opens named hosts and ranges, nothing else", () => {
    const policy = parseAllowList("llm.internal, 10.20.0.0/16");
    expect(isBlockedAddress("10.20.3.4", policy)).toBe(false);
    expect(isBlockedAddress("10.21.0.1", policy)).toBe(true);
    expect(isBlockedAddress("::ffff:10.20.3.4", policy)).toBe(false);
    expect(policy.allowHosts.has("llm.internal")).toBe(true);
  });
});

describe("the guarded fetch checks at connect time", () => {
  it("refuses address literals in every form before connecting", async () => {
    const guarded = createGuardedFetch({ policy: NONE });
    const before = hits;
    for (const host of ["127.0.0.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::1]", "0.0.0.0", "[::]"])
      await expect(guarded(`http://${host}:${port}/`), host).rejects.toBeInstanceOf(BlockedDestinationError);
    expect(hits).toBe(before);
    // The same request unguarded reaches the receiver: the guard is what stops it.
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  });

  it("refuses a host name that resolves to a private address, or to a public and a private one", async () => {
    const guarded = createGuardedFetch({
      policy: NONE,
      resolve: hosts({
        "hooks.example.com": ["127.0.0.1"],
        "mixed.example.com": ["93.184.216.34", "127.0.0.1"],
        "mapped.example.com": ["::ffff:127.0.0.1"],
        "metadata.example.com": ["169.254.169.254"],
      }),
    });
    const before = hits;
    for (const host of ["hooks.example.com", "mixed.example.com", "mapped.example.com", "metadata.example.com"])
      await expect(guarded(`http://${host}:${port}/`), host).rejects.toMatchObject({ code: "EBLOCKED" });
    expect(hits).toBe(before);
  });

  it("connects when the deployment allows the host or its range, and never follows a redirect", async () => {
    const byName = createGuardedFetch({
      policy: parseAllowList("hooks.internal"),
      resolve: hosts({ "hooks.internal": ["127.0.0.1"] }),
    });
    const res = await byName(`http://hooks.internal:${port}/x`, { method: "POST", body: "{}" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const byRange = createGuardedFetch({ policy: parseAllowList("127.0.0.0/8") });
    const redirected = await byRange(`http://127.0.0.1:${port}/redirect`);
    expect(redirected.status).toBe(302);
  });
});

describe("every organization-aimed request uses it", () => {
  let org: TestOrg;
  beforeAll(async () => {
    org = await seedOrganization();
  });

  it("webhook endpoints: refused at save time with a clear message", async () => {
    const owner = await callerFor(org.owner);
    for (const url of [
      "http://[::ffff:127.0.0.2]/h",
      "http://[::]/h",
      "http://100.64.0.1/h",
      "http://198.18.0.1/h",
      "http://169.254.169.254/latest",
      "http://0.0.0.0/h",
      "http://metadata.internal/h",
    ])
      await expect(owner.webhooks.create({ url, eventTypes: ["lead.created"] }), url).rejects.toMatchObject({
        code: "BAD_REQUEST",
      });
  });

  it("webhook deliveries: a stored URL pointing at a private address is not connected to", async () => {
    const owner = await callerFor(org.owner);
    const created = await owner.webhooks.create({ url: `http://127.0.0.1:${port}/h`, eventTypes: ["lead.created"] });
    // As if its DNS changed after the save: the endpoint now names another loopback address.
    await db
      .update(webhookEndpoint)
      .set({ url: `http://127.0.0.2:${port}/h` })
      .where(eq(webhookEndpoint.id, created.id));
    await withOrg(org.id, (tx) => emitEvent(tx, org.id, "lead.created", { id: "ssrf" }));
    const before = hits;
    await deliverDue({ organizationId: org.id });
    expect(hits).toBe(before);
    const [row] = await db.select().from(webhookDelivery).where(eq(webhookDelivery.endpointId, created.id));
    expect(row!.lastResponseStatus).toBeNull();
    expect(row!.lastError).toMatch(/private or reserved/);
  });

  it("the LLM base URL: refused at save time, and an organization's endpoint connects through the guard", async () => {
    const owner = await callerFor(org.owner);
    for (const baseUrl of ["http://127.0.0.2:8080/v1", "http://[::ffff:10.0.0.1]/v1", "http://100.100.100.100/v1"])
      await expect(
        owner.agent.updateSettings({ brain: "llm", model: "m", baseUrl, apiKey: "sk-org-key-123456" }),
        baseUrl,
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const before = hits;
    const client = clientFor({
      apiKey: "sk-org",
      baseURL: `http://127.0.0.2:${port}/v1`,
      model: "m",
      timeoutMs: 2000,
      inputUsdPerMTok: 0,
      outputUsdPerMTok: 0,
      organizationEndpoint: true,
    });
    await expect(
      client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] }),
    ).rejects.toThrow();
    expect(hits).toBe(before);
  });
});
