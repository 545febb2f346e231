import { and, eq, inArray } from "drizzle-orm";

import { db, withOrg } from "@/server/db/client";
import {
  organization,
  PMS_LIVE_STATUSES,
  PMS_PROVIDER_NAMES,
  pmsConnection,
  type PmsProvider,
} from "@/server/db/schema";
import { log } from "@/server/log";
import { connectPms, type PmsCredentialsInput, updatePmsCredentials } from "@/server/pms/connections";
import { syncConnection } from "@/server/pms/sync";

import { DEMO } from "./seed";

/**
 * `DEMO_PMS=storedge` (or `stora`) with `npm run dev`: the demo organization runs against a local
 * fake of that PMS (tests/fakes/), started in this process on a free port, so a newcomer sees a
 * facility synced from a PMS, read-only where the PMS owns it, with bookings written back to it
 * (docs/integrations.md, "Try it locally"). The fake keeps its records in memory, with fixed ids, so
 * a restart serves the same facility and the existing connection simply syncs it again.
 *
 * The fakes live under tests/, which the production image does not ship: this is for development.
 */
export const DEMO_PMS_FACILITY = {
  storedge: { id: "5a6e0000-0000-4000-8000-000000000015", name: "Harbor View Storage (storEDGE)" },
  stora: { id: "demo", name: "Harbour Self Storage (Stora)" },
} as const;

const STOREDGE_CREDS = { consumerKey: "demo-storedge-access-id", consumerSecret: "demo-storedge-secret-key" };
const STORA_TOKEN = "demo-stora-access-token";
/** A tenant of the fake PMS, for trying the verified-caller account answers (balance, gate code). */
export const DEMO_PMS_TENANT = { name: "Tara Tenant", phone: "+15125550123" };

async function startFake(provider: PmsProvider): Promise<{ url: string; close: () => Promise<void> }> {
  try {
    if (provider === "storedge") {
      const { startFakeStoredge } = await import("../../../tests/fakes/storedge-server");
      const fake = await startFakeStoredge(STOREDGE_CREDS);
      const f = DEMO_PMS_FACILITY.storedge;
      fake.addFacility({ id: f.id, name: f.name }, 4);
      const [first] = fake.units.get(f.id)!;
      fake.takeUnit(first!.id);
      fake.addLedger({
        facility_id: f.id,
        phone: DEMO_PMS_TENANT.phone,
        active: true,
        current_account_balance: 45,
        gate_access_code: "2468",
        unit: { id: first!.id, name: first!.name },
        tenant: { id: "5a6e0000-0000-4000-8000-0000000000aa", first_name: "Tara", last_name: "Tenant" },
      });
      return fake;
    }
    const { startFakeStora } = await import("../../../tests/fakes/stora-server");
    const fake = await startFakeStora({ accessTokens: {} });
    fake.grantToken(STORA_TOKEN);
    fake.addSite(DEMO_PMS_FACILITY.stora.name, 4, DEMO_PMS_FACILITY.stora.id);
    fake.addTenant({
      fullName: DEMO_PMS_TENANT.name,
      phone: DEMO_PMS_TENANT.phone,
      unitId: fake.units[0]!.id,
      balanceMinor: 4500,
    });
    return fake;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND")
      throw new Error(
        "DEMO_PMS needs the fakes in tests/fakes/ (a source checkout, `npm run dev`), not the production image.",
      );
    throw err;
  }
}

function credentials(provider: PmsProvider): PmsCredentialsInput {
  return provider === "storedge"
    ? { provider, ...STOREDGE_CREDS, facilityIds: [DEMO_PMS_FACILITY.storedge.id] }
    : { provider, accessToken: STORA_TOKEN };
}

/**
 * Starts the fake, points the adapters at it (the API base comes from the environment only) and
 * connects the demo organization, or reuses its connection, then runs a full sync so the facility
 * is there when the server is up. Returns the fake's close function.
 */
export async function startDemoPms(provider: PmsProvider, opts: { organizationId?: string } = {}) {
  const [org] = opts.organizationId
    ? [{ id: opts.organizationId }]
    : await db.select({ id: organization.id }).from(organization).where(eq(organization.slug, DEMO.organizationSlug));
  if (!org) throw new Error("DEMO_PMS needs the demo organization (DEMO_SEED)");
  const fake = await startFake(provider);
  process.env[provider === "storedge" ? "STOREDGE_API_BASE" : "STORA_API_BASE"] = fake.url;
  const actor = { label: "demo seed" };
  const connectionId = await withOrg(org.id, async (tx) => {
    const [existing] = await tx
      .select({ id: pmsConnection.id, status: pmsConnection.status })
      .from(pmsConnection)
      .where(
        and(
          eq(pmsConnection.organizationId, org.id),
          eq(pmsConnection.provider, provider),
          inArray(pmsConnection.status, PMS_LIVE_STATUSES),
        ),
      );
    // Stored again each start: a demo data folder made with another key still connects.
    if (existing)
      return (
        await updatePmsCredentials(tx, org.id, actor, { connectionId: existing.id, credentials: credentials(provider) })
      ).id;
    return (await connectPms(tx, org.id, actor, { credentials: credentials(provider) })).id;
  });
  const outcome = await syncConnection(connectionId, { kind: "full" });
  log.info(
    {
      pms: PMS_PROVIDER_NAMES[provider],
      fake: fake.url,
      facility: DEMO_PMS_FACILITY[provider].name,
      sync: outcome.status,
      tenantPhone: DEMO_PMS_TENANT.phone,
    },
    "demo PMS connected: its facility is synced into the demo organization",
  );
  return { url: fake.url, connectionId, sync: outcome, close: fake.close };
}
