/**
 * A local fake of the parts of storEDGE's REST API v1 that Storage Agent uses, built from the public
 * reference (api.storedgefms.com/docs/v1): the app reaches it through its real client (oauth-1.0a
 * signing, fetch) with STOREDGE_API_BASE pointing here.
 *
 *   GET  /v1/:facility_id/info                 the facility
 *   GET  /v1/:facility_id/units                units, paged by page/per_page with a meta hash
 *   POST /v1/:facility_id/leads                a lead, or a reservation (is_reservation + unit_id);
 *                                              422 when the unit is not available for move-in
 *   PUT  /v1/:facility_id/leads/:id            updates a lead; with is_reservation + unit_id converts it
 *                                              into a reservation (422 when the unit is not available)
 *   PUT  /v1/:facility_id/leads/:id/cancel     cancels; the unit is vacant again
 *   GET  /v1/:facility_id/ledgers/search       ?phone_number= : the tenant's ledgers
 *   POST /v1/:facility_id/ledgers/pay_multiple_ledgers   payments on ledgers; idempotency_key: the same
 *                                              key again answers the first payment and pays nothing
 *   POST /v1/:facility_id/notes                a note on a tenant, unit or ledger (note[note_text] and one
 *                                              of note[tenant_id|ledger_id|unit_id]); answers `note_event`
 *
 * It enforces one-legged OAuth 1.0: the signature (HMAC-SHA1 over the base string, checked with
 * the same library a consumer uses), a timestamp within five minutes and a nonce used once; errors
 * come back as storEDGE's `meta` hash. Tests drive it: takeUnit (staff rent a unit there), setRate,
 * latencyMs (slow answers), down (outage), addLedger (an existing tenant).
 *
 * Run standalone (for the demo and Playwright): `tsx tests/fakes/storedge-server.ts` with
 * STOREDGE_FAKE_PORT, STOREDGE_FAKE_KEY and STOREDGE_FAKE_SECRET set (STOREDGE_FAKE_PAST_DUE_PHONE:
 * a tenant there who is behind on rent).
 */
import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

import OAuth from "oauth-1.0a";

type Obj = Record<string, unknown>;

export interface FakeStoredgeUnit {
  id: string;
  name: string;
  width: number;
  length: number;
  height: number | null;
  access_type: string;
  floor: number | null;
  standard_rate: number;
  managed_rate: number | null;
  available_for_move_in: boolean;
  rentable: boolean;
  status: "vacant" | "occupied" | "reserved";
  deleted: boolean;
  damaged: boolean;
  unrentable: boolean;
  unit_amenities: { name: string }[];
  unit_type: { id: string; name: string; deleted: boolean };
  unit_group_id: string;
}

export interface FakeStoredgeFacility {
  id: string;
  name: string;
  phone: string | null;
  time_zone: string;
  address: { address1: string; city: string; state: string; postal: string; country: string };
}

export interface FakeStoredgeLead {
  id: string;
  facility_id: string;
  status: "active" | "reserved" | "cancelled";
  unit_id: string | null;
  external_reference: string | null;
  desired_move_in_date: string | null;
  tenant: { first_name: string; last_name: string | null; email: string | null; phone: string | null };
  confirmation_number: string;
}

export interface FakeStoredgeLedger {
  id: string;
  facility_id: string;
  phone: string;
  active: boolean;
  current_account_balance: number;
  /** The date rent is paid through; with a balance, the tenant owes from the next day. */
  paid_through?: string | null;
  delinquent?: boolean;
  gate_access_code: string | null;
  unit: { id: string; name: string } | null;
  tenant: { id: string; first_name: string; last_name: string | null };
}

export interface FakeStoredgeOptions {
  consumerKey: string;
  consumerSecret: string;
  port?: number;
}

const SIZES: [number, number, number][] = [
  [5, 5, 45],
  [5, 10, 65],
  [10, 10, 110],
  [10, 15, 145],
  [10, 20, 185],
  [10, 30, 245],
];

export async function startFakeStoredge(opts: FakeStoredgeOptions) {
  const facilities = new Map<string, FakeStoredgeFacility>();
  const units = new Map<string, FakeStoredgeUnit[]>();
  const leads = new Map<string, FakeStoredgeLead>();
  const ledgers: FakeStoredgeLedger[] = [];
  /** Payment events, by idempotency key. */
  const payments = new Map<string, { id: string; amount: number; ledgerIds: string[]; kind: string }>();
  /** Notes, as storEDGE keeps them: the note event with its text and what it is about. */
  const notes: {
    id: string;
    note: string;
    ledger_id: string | null;
    tenant_id: string | null;
    unit_id: string | null;
  }[] = [];
  const nonces = new Set<string>();
  const requests: { method: string; path: string; status: number }[] = [];
  const oauth = new OAuth({
    consumer: { key: opts.consumerKey, secret: opts.consumerSecret },
    signature_method: "HMAC-SHA1",
    hash_function: (base, key) => createHmac("sha1", key).update(base).digest("base64"),
  });
  /** createLeadLatencyMs: extra time to answer a new (non-reservation) lead, to hold one in flight. */
  const control = { latencyMs: 0, down: false, createLeadLatencyMs: 0 };
  /** Requests received and not yet answered, and the most there were at once (`peak.inFlight`; reset it). */
  const inFlight = new Set<{ method: string; path: string }>();
  const peak = { inFlight: 0 };
  let confirmation = 1000;

  const meta = (status: number, message: string, errorCode: string | null = null) => ({
    status_code: status,
    status_message: message,
    error_code: errorCode,
    request_id: randomUUID(),
  });

  /** RFC 5849 §3.5.1 header, checked the way storEDGE would: key, signature, timestamp, nonce. */
  function authError(req: http.IncomingMessage, url: URL): string | null {
    const header = req.headers.authorization ?? "";
    if (!header.startsWith("OAuth ")) return "Missing OAuth authorization header";
    const params: Record<string, string> = {};
    for (const part of header.slice(6).split(",")) {
      const m = /^\s*([a-z_]+)="([^"]*)"\s*$/.exec(part);
      if (m) params[m[1]!] = decodeURIComponent(m[2]!);
    }
    if (params.oauth_consumer_key !== opts.consumerKey) return "Invalid API access key";
    if (params.oauth_signature_method !== "HMAC-SHA1") return "Unsupported signature method";
    const ts = Number(params.oauth_timestamp);
    if (!Number.isFinite(ts) || Math.abs(Date.now() / 1000 - ts) > 300) return "Stale OAuth timestamp";
    const nonce = params.oauth_nonce ?? "";
    if (!nonce || nonces.has(nonce)) return "OAuth nonce already used";
    const { oauth_signature: signature, ...oauthData } = params;
    const expected = oauth.getSignature(
      { url: url.toString(), method: req.method ?? "GET" },
      undefined,
      oauthData as unknown as OAuth.Authorization,
    );
    if (signature !== expected) return "Invalid OAuth signature";
    nonces.add(nonce);
    return null;
  }

  function page<T>(items: T[], url: URL) {
    const perPage = Math.min(Math.max(Number(url.searchParams.get("per_page") ?? 100) || 100, 1), 500);
    const current = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
    return {
      items: items.slice((current - 1) * perPage, current * perPage),
      pagination: {
        current_page: current,
        per_page: perPage,
        total_pages: Math.max(1, Math.ceil(items.length / perPage)),
        total_entries: items.length,
      },
    };
  }

  async function handle(req: http.IncomingMessage, body: string, url: URL): Promise<[number, Obj]> {
    const authProblem = authError(req, url);
    if (authProblem) return [401, { meta: meta(401, authProblem, "unauthorized") }];
    const m = /^\/v1\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!m) return [404, { meta: meta(404, "Not found") }];
    const facilityId = decodeURIComponent(m[1]!);
    const rest = m[2]!;
    const facility = facilities.get(facilityId);
    if (!facility) return [404, { meta: meta(404, "Facility not found", "record_not_found") }];
    const fUnits = units.get(facilityId) ?? [];

    if (req.method === "GET" && rest === "info") return [200, { facility, meta: meta(200, "OK") }];
    if (req.method === "GET" && rest === "units") {
      const p = page(fUnits, url);
      return [200, { units: p.items, meta: { ...meta(200, "OK"), pagination: p.pagination } }];
    }
    if (req.method === "GET" && rest === "ledgers/search") {
      const phone = (url.searchParams.get("phone_number") ?? "").replace(/\D/g, "");
      if (!phone) return [422, { meta: meta(422, "phone_number or account_number is required") }];
      const found = ledgers.filter((l) => l.facility_id === facilityId && l.phone.replace(/\D/g, "").endsWith(phone));
      return [200, { ledgers: found.map(({ phone: _p, facility_id: _f, ...l }) => l), meta: meta(200, "OK") }];
    }
    if (req.method === "POST" && rest === "ledgers/pay_multiple_ledgers") {
      let parsed: Obj;
      try {
        parsed = JSON.parse(body) as Obj;
      } catch {
        return [400, { meta: meta(400, "Malformed JSON") }];
      }
      const key = typeof parsed.idempotency_key === "string" ? parsed.idempotency_key : randomUUID();
      const method = parsed.payment_method as { kind?: string; first_name?: string; card_number?: string } | undefined;
      const kinds = ["ach", "creditcard", "check", "cash", "cardswipe"];
      if (!method?.kind || !kinds.includes(method.kind) || !method.first_name)
        return [422, { meta: meta(422, "payment_method[kind] and payment_method[first_name] are required") }];
      if (method.kind === "creditcard" && !method.card_number)
        return [422, { meta: meta(422, "payment_method[card_number] is required for a credit card") }];
      const lines = parsed.payments as { ledger_id?: string; amount?: string; kind?: string }[] | undefined;
      if (!Array.isArray(lines) || lines.length === 0) return [422, { meta: meta(422, "payments is required") }];
      const event = (p: { id: string; amount: number }) => ({
        successful_payment_event: { id: p.id, amount: p.amount, success: true, payment_method: { kind: method.kind } },
        meta: meta(200, "OK"),
      });
      const earlier = payments.get(key);
      if (earlier) return [200, event(earlier)];
      let total = 0;
      for (const line of lines) {
        const ledger = ledgers.find((l) => l.id === line.ledger_id && l.facility_id === facilityId);
        if (!ledger || !ledger.active) return [404, { meta: meta(404, "Ledger not found", "record_not_found") }];
        const amount = Number(line.amount);
        if (line.kind !== "custom" || !/^\d+(\.\d{1,2})?$/.test(line.amount ?? "") || amount <= 0)
          return [422, { meta: meta(422, "payments[amount] must be a positive amount for a custom payment") }];
        total += amount;
      }
      for (const line of lines) {
        const ledger = ledgers.find((l) => l.id === line.ledger_id)!;
        ledger.current_account_balance = Math.round((ledger.current_account_balance - Number(line.amount)) * 100) / 100;
      }
      const p = { id: randomUUID(), amount: total, ledgerIds: lines.map((l) => l.ledger_id!), kind: method.kind };
      payments.set(key, p);
      return [200, event(p)];
    }
    if (req.method === "POST" && rest === "notes") {
      let parsed: { note?: { note_text?: unknown; ledger_id?: string; tenant_id?: string; unit_id?: string } };
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        return [400, { meta: meta(400, "Malformed JSON") }];
      }
      const n = parsed.note;
      if (!n || typeof n.note_text !== "string" || !n.note_text.trim())
        return [422, { meta: meta(422, "note[note_text] is required") }];
      if (!n.ledger_id && !n.tenant_id && !n.unit_id)
        return [422, { meta: meta(422, "A tenant, unit, or ledger id must be provided") }];
      // "If a ledger id is provided, the unit and tenant id will be automatically selected."
      const ledger = n.ledger_id ? ledgers.find((l) => l.id === n.ledger_id && l.facility_id === facilityId) : null;
      if (n.ledger_id && !ledger) return [404, { meta: meta(404, "Ledger not found", "record_not_found") }];
      const event = {
        id: randomUUID(),
        note: n.note_text,
        ledger_id: n.ledger_id ?? null,
        tenant_id: ledger?.tenant.id ?? n.tenant_id ?? null,
        unit_id: ledger?.unit?.id ?? n.unit_id ?? null,
      };
      notes.push(event);
      return [
        200,
        {
          note_event: {
            id: event.id,
            notes: [{ id: randomUUID(), note: event.note, created_at: new Date().toISOString() }],
            created_by: { id: randomUUID(), name: "Storage Agent", type: "ClientApplication" },
            unit_id: event.unit_id,
            tenant_id: event.tenant_id,
          },
          meta: meta(200, "OK"),
        },
      ];
    }
    if (req.method === "POST" && rest === "leads") {
      let parsed: { lead?: Obj };
      try {
        parsed = JSON.parse(body) as { lead?: Obj };
      } catch {
        return [400, { meta: meta(400, "Malformed JSON") }];
      }
      const lead = parsed.lead;
      const tenant = lead?.tenant_attributes as
        | {
            first_name?: string;
            last_name?: string | null;
            email?: string | null;
            phone_numbers_attributes?: { number: string }[];
          }
        | undefined;
      if (!lead || !tenant?.first_name)
        return [422, { meta: meta(422, "lead[tenant_attributes][first_name] is required") }];
      if (!tenant.phone_numbers_attributes?.length)
        return [422, { meta: meta(422, "At least one phone number is required") }];
      const externalRef = typeof lead.external_reference === "string" ? lead.external_reference : null;
      const existing = externalRef ? [...leads.values()].find((l) => l.external_reference === externalRef) : null;
      if (existing) return [201, { lead: existing, meta: meta(201, "Created") }];
      const isReservation = lead.is_reservation === true || lead.is_reservation === "true";
      if (!isReservation && control.createLeadLatencyMs)
        await new Promise((r) => setTimeout(r, control.createLeadLatencyMs));
      let unitId: string | null = null;
      if (isReservation) {
        const u = fUnits.find((x) => x.id === lead.unit_id);
        if (!u) return [404, { meta: meta(404, "Unit not found", "record_not_found") }];
        if (u.status !== "vacant" || !u.available_for_move_in || !u.rentable)
          return [422, { meta: meta(422, `Unit ${u.name} is not available for move-in`, "unit_unavailable") }];
        u.status = "reserved";
        u.available_for_move_in = false;
        unitId = u.id;
      }
      const row: FakeStoredgeLead = {
        id: randomUUID(),
        facility_id: facilityId,
        status: isReservation ? "reserved" : "active",
        unit_id: unitId,
        external_reference: externalRef,
        desired_move_in_date: (lead.desired_move_in_date as string | null) ?? null,
        tenant: {
          first_name: tenant.first_name,
          last_name: tenant.last_name ?? null,
          email: tenant.email ?? null,
          phone: tenant.phone_numbers_attributes[0]!.number,
        },
        confirmation_number: `1000000-1-${confirmation++}`,
      };
      leads.set(row.id, row);
      return [201, { lead: row, meta: meta(201, "Created") }];
    }
    const update = /^leads\/([^/]+)$/.exec(rest);
    if (req.method === "PUT" && update) {
      // A lead "may start out as a reservation or be converted to one later by attaching a unit".
      const existing = leads.get(update[1]!);
      if (!existing || existing.facility_id !== facilityId) return [404, { meta: meta(404, "Lead not found") }];
      let parsed: { lead?: Obj };
      try {
        parsed = JSON.parse(body) as { lead?: Obj };
      } catch {
        return [400, { meta: meta(400, "Malformed JSON") }];
      }
      const lead = parsed.lead ?? {};
      if (existing.status === "cancelled")
        return [422, { meta: meta(422, "A cancelled lead cannot be changed", "lead_closed") }];
      const isReservation = lead.is_reservation === true || lead.is_reservation === "true";
      if (isReservation && existing.unit_id !== lead.unit_id) {
        if (existing.unit_id) return [422, { meta: meta(422, "The lead already holds a unit", "unit_assigned") }];
        const u = fUnits.find((x) => x.id === lead.unit_id);
        if (!u) return [404, { meta: meta(404, "Unit not found", "record_not_found") }];
        if (u.status !== "vacant" || !u.available_for_move_in || !u.rentable)
          return [422, { meta: meta(422, `Unit ${u.name} is not available for move-in`, "unit_unavailable") }];
        u.status = "reserved";
        u.available_for_move_in = false;
        existing.unit_id = u.id;
        existing.status = "reserved";
      }
      if (typeof lead.desired_move_in_date === "string") existing.desired_move_in_date = lead.desired_move_in_date;
      return [200, { lead: existing, meta: meta(200, "OK") }];
    }
    const cancel = /^leads\/([^/]+)\/cancel$/.exec(rest);
    if (req.method === "PUT" && cancel) {
      const lead = leads.get(cancel[1]!);
      if (!lead || lead.facility_id !== facilityId) return [404, { meta: meta(404, "Lead not found") }];
      if (lead.status !== "cancelled") {
        lead.status = "cancelled";
        const u = fUnits.find((x) => x.id === lead.unit_id);
        if (u && u.status === "reserved") {
          u.status = "vacant";
          u.available_for_move_in = true;
        }
      }
      return [200, { lead, meta: meta(200, "OK") }];
    }
    return [404, { meta: meta(404, "Not found") }];
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
        const entry = { method: req.method ?? "", path: url.pathname };
        inFlight.add(entry);
        peak.inFlight = Math.max(peak.inFlight, inFlight.size);
        res.on("close", () => inFlight.delete(entry));
        if (control.latencyMs) await new Promise((r) => setTimeout(r, control.latencyMs));
        if (control.down) {
          requests.push({ method: req.method ?? "", path: url.pathname, status: 503 });
          res.writeHead(503, { "content-type": "application/json" });
          res.end(JSON.stringify({ meta: meta(503, "Service unavailable") }));
          return;
        }
        const [status, payload] = await handle(req, Buffer.concat(chunks).toString("utf8"), url);
        requests.push({ method: req.method ?? "", path: url.pathname, status });
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  function unitById(id: string) {
    for (const list of units.values()) {
      const u = list.find((x) => x.id === id);
      if (u) return u;
    }
    throw new Error(`fake storEDGE: no unit ${id}`);
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    control,
    requests,
    inFlight,
    peak,
    leads,
    facilities,
    units,
    ledgers,
    payments,
    notes,
    /** A facility with `unitsPerType` units of each of six sizes (names U1, U2, …). */
    addFacility(f: Partial<FakeStoredgeFacility> & { id?: string } = {}, unitsPerType = 3) {
      const id = f.id ?? randomUUID();
      facilities.set(id, {
        id,
        name: f.name ?? `Fake Storage ${facilities.size + 1}`,
        phone: f.phone ?? "+15125550100",
        time_zone: f.time_zone ?? "America/Chicago",
        address: f.address ?? { address1: "1 Main St", city: "Austin", state: "TX", postal: "78701", country: "US" },
      });
      const list: FakeStoredgeUnit[] = [];
      let n = 1;
      for (const [w, l, rate] of SIZES) {
        const group = `${id.slice(0, 8)}-${w}x${l}`;
        const typeId = `${id.slice(0, 8)}-type-${w}x${l}`;
        for (let i = 0; i < unitsPerType; i++) {
          list.push({
            id: `${id.slice(0, 8)}-u${n}`,
            name: `U${n++}`,
            width: w,
            length: l,
            height: 8,
            access_type: w >= 10 && l >= 20 ? "drive_up" : "indoor",
            floor: 1,
            standard_rate: rate,
            managed_rate: rate - 5,
            available_for_move_in: true,
            rentable: true,
            status: "vacant",
            deleted: false,
            damaged: false,
            unrentable: false,
            unit_amenities: w === 10 && l === 10 ? [{ name: "Climate Controlled" }] : [],
            unit_type: { id: typeId, name: "Self Storage", deleted: false },
            unit_group_id: group,
          });
        }
      }
      units.set(id, list);
      return id;
    },
    /** Staff rent the unit in storEDGE: it is occupied there from now on. */
    takeUnit(unitId: string) {
      const u = unitById(unitId);
      u.status = "occupied";
      u.available_for_move_in = false;
    },
    setRate(unitId: string, standardRate: number, managedRate: number | null = null) {
      const u = unitById(unitId);
      u.standard_rate = standardRate;
      u.managed_rate = managedRate;
    },
    unitById,
    addLedger(l: Omit<FakeStoredgeLedger, "id">) {
      const ledger = { id: randomUUID(), ...l };
      ledgers.push(ledger);
      return ledger.id;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeStoredge = Awaited<ReturnType<typeof startFakeStoredge>>;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const fake = await startFakeStoredge({
    consumerKey: process.env.STOREDGE_FAKE_KEY ?? "demo-access-id",
    consumerSecret: process.env.STOREDGE_FAKE_SECRET ?? "demo-secret-key",
    port: Number(process.env.STOREDGE_FAKE_PORT ?? 4110),
  });
  const id = fake.addFacility({
    id: process.env.STOREDGE_FAKE_FACILITY ?? "11111111-2222-3333-4444-555555555555",
    name: process.env.STOREDGE_FAKE_FACILITY_NAME ?? "Maple Street Storage",
  });
  // A tenant behind on rent (STOREDGE_FAKE_PAST_DUE_PHONE): $129.00 owed, paid through 12 days ago,
  // as an operator's books would hold a late payer (e2e/collections.spec.ts books them a unit here).
  const pastDuePhone = process.env.STOREDGE_FAKE_PAST_DUE_PHONE;
  if (pastDuePhone) {
    const last = fake.units.get(id)!.at(-1)!;
    fake.addLedger({
      facility_id: id,
      phone: pastDuePhone,
      active: true,
      current_account_balance: 129,
      paid_through: new Date(Date.now() - 12 * 86_400_000).toISOString().slice(0, 10),
      delinquent: true,
      gate_access_code: null,
      unit: { id: last.id, name: last.name },
      tenant: { id: randomUUID(), first_name: "Pat", last_name: "Pastdue" },
    });
  }
  console.log(`fake storEDGE on ${fake.url}, facility ${id}`);
}
