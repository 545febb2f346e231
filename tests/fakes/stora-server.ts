/**
 * A local fake of the parts of Stora's Public API (version 2025-09) that Storage Agent uses, built
 * from docs.stora.co/2025-09. The app reaches it through its real client (openapi-fetch typed from
 * the committed OpenAPI document) with STORA_API_BASE pointing here.
 *
 *   POST /oauth2/token                          client credentials → 2-hour Bearer token with scopes
 *   GET  /2025-09/sites | unit_types | units    paged (page, limit ≤ 100, meta.pagination), updated_from
 *   GET  /2025-09/units/{id}                    one unit
 *   POST /2025-09/units/{id}/reserve            422 unless the unit is available
 *   GET  /2025-09/unit_allocations              ?contact_id=
 *   GET  /2025-09/coupons
 *   GET|POST /2025-09/contacts                  ?search= (name, email or phone)
 *   POST /2025-09/orders                        creates the order and its tenancy
 *   POST /2025-09/orders/{id}/cancel            frees the unit reserved for it
 *   GET  /2025-09/invoices                      ?contact_id=&status=
 *   GET|POST /2025-09/notes                     ?resource_id= ; a note on a contact (or unit)
 *
 * It enforces Bearer auth (401 unknown or expired token) and scopes per endpoint (403 naming the
 * missing scope), with Stora's error body `{ error: { code, message } }`; revokeIssuedTokens makes
 * every client-credentials token it issued answer 401 early. It can deliver signed webhooks (`X-Stora-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`), and tests drive it:
 * takeUnit, setMonthlyPrice, latencyMs, down.
 *
 * Run standalone: `tsx tests/fakes/stora-server.ts` with STORA_FAKE_PORT and STORA_FAKE_TOKEN set.
 */
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

type Obj = Record<string, unknown>;
const id = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;
const now = () => new Date().toISOString();

export interface FakeStoraUnit {
  id: string;
  reference_id: string;
  site: { id: string };
  unit_type: { id: string };
  status: "available" | "reserved" | "occupied" | "overlocked" | "repossessed" | "unavailable";
  unit_allocation: { id: string } | null;
  created_at: string;
  updated_at: string;
}

export interface FakeStoraOptions {
  /** Static access tokens (BackOffice → Public API) and their scopes. */
  accessTokens?: Record<string, string[]>;
  /** OAuth applications: client id → secret and the scopes it may ask for. */
  clients?: Record<string, { secret: string; scopes: string[] }>;
  port?: number;
}

const ALL_SCOPES = [
  "public.site:read",
  "public.unit_type:read",
  "public.unit:read",
  "public.unit:write",
  "public.unit_allocation:read",
  "public.contact:read",
  "public.contact:write",
  "public.order:write",
  "public.coupon:read",
  "public.invoice:read",
  "public.note:read",
  "public.note:write",
];

export async function startFakeStora(opts: FakeStoraOptions) {
  /** `issued`: from /oauth2/token (client credentials), as opposed to a BackOffice access token. */
  const tokens = new Map<string, { scopes: string[]; expiresAt: number; issued?: boolean }>();
  for (const [t, scopes] of Object.entries(opts.accessTokens ?? {})) tokens.set(t, { scopes, expiresAt: Infinity });
  const sites: Obj[] = [];
  const unitTypes: Obj[] = [];
  const units: FakeStoraUnit[] = [];
  const contacts: Obj[] = [];
  const orders = new Map<
    string,
    {
      id: string;
      status: string;
      tenancy: { id: string };
      contact: { id: string };
      metadata: Obj;
      unitId: string | null;
    }
  >();
  const allocations: Obj[] = [];
  const coupons: Obj[] = [];
  const invoices: Obj[] = [];
  const notes: Obj[] = [];
  const requests: { method: string; path: string; status: number }[] = [];
  /** rejectNewTokens: /oauth2/token still answers, but the API refuses what it issues (401). */
  const control = { latencyMs: 0, down: false, rejectNewTokens: false };

  const err = (status: number, code: string, message: string): [number, Obj] => [
    status,
    { error: { code, message }, meta: { request_id: id("req") } },
  ];

  function paged(key: string, items: Obj[], url: URL): [number, Obj] {
    const limit = Number(url.searchParams.get("limit") ?? 50);
    const page = Number(url.searchParams.get("page") ?? 1);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return err(400, "invalid_parameter", "limit must be 1..100");
    if (!Number.isInteger(page) || page < 1) return err(400, "invalid_parameter", "page must be >= 1");
    const pages = Math.max(1, Math.ceil(items.length / limit));
    return [
      200,
      {
        [key]: items.slice((page - 1) * limit, page * limit),
        meta: {
          request_id: id("req"),
          pagination: {
            count: items.length,
            last: pages,
            limit,
            next: page < pages ? page + 1 : null,
            page,
            pages,
            prev: page > 1 ? page - 1 : null,
          },
        },
      },
    ];
  }

  const filterList = (url: URL, name: string) => url.searchParams.get(name)?.split(",").filter(Boolean) ?? null;

  function filtered(items: Obj[], url: URL) {
    const siteIds = filterList(url, "site_id");
    const from = url.searchParams.get("updated_from");
    return items.filter(
      (i) =>
        (!siteIds || siteIds.includes((i.site as { id: string }).id)) &&
        (!from || String(i.updated_at) >= new Date(from).toISOString()),
    );
  }

  const SCOPE: [RegExp, string, string][] = [
    [/^\/2025-09\/sites$/, "GET", "public.site:read"],
    [/^\/2025-09\/unit_types$/, "GET", "public.unit_type:read"],
    [/^\/2025-09\/units(\/[^/]+)?$/, "GET", "public.unit:read"],
    [/^\/2025-09\/units\/[^/]+\/reserve$/, "POST", "public.unit:write"],
    [/^\/2025-09\/unit_allocations$/, "GET", "public.unit_allocation:read"],
    [/^\/2025-09\/contacts$/, "GET", "public.contact:read"],
    [/^\/2025-09\/contacts$/, "POST", "public.contact:write"],
    [/^\/2025-09\/orders(\/[^/]+\/cancel)?$/, "POST", "public.order:write"],
    [/^\/2025-09\/coupons$/, "GET", "public.coupon:read"],
    [/^\/2025-09\/invoices$/, "GET", "public.invoice:read"],
    [/^\/2025-09\/notes$/, "GET", "public.note:read"],
    [/^\/2025-09\/notes$/, "POST", "public.note:write"],
  ];

  function handle(req: http.IncomingMessage, raw: string, url: URL): [number, Obj] {
    let body: Obj = {};
    if (raw) {
      try {
        body = JSON.parse(raw) as Obj;
      } catch {
        return err(400, "invalid_json", "Request body is not valid JSON");
      }
    }
    const path = url.pathname;
    if (req.method === "POST" && path === "/oauth2/token") {
      const client = opts.clients?.[String(body.client_id)];
      if (body.grant_type !== "client_credentials") return err(400, "unsupported_grant_type", "Unsupported grant type");
      if (!client || client.secret !== body.client_secret)
        return err(401, "invalid_client", "Client authentication failed");
      const asked = String(body.scope ?? "")
        .split(" ")
        .filter(Boolean);
      const granted = asked.filter((s) => client.scopes.includes(s));
      const token = randomBytes(24).toString("base64url");
      if (!control.rejectNewTokens)
        tokens.set(token, { scopes: granted, expiresAt: Date.now() + 7_200_000, issued: true });
      return [
        200,
        {
          access_token: token,
          token_type: "Bearer",
          expires_in: 7200,
          scope: granted.join(" "),
          created_at: Math.floor(Date.now() / 1000),
        },
      ];
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const grant = bearer ? tokens.get(bearer) : undefined;
    if (!grant || grant.expiresAt < Date.now()) return err(401, "unauthorized", "Invalid or expired access token");
    const needed = SCOPE.find(([re, method]) => re.test(path) && method === req.method)?.[2];
    if (!needed) return err(404, "not_found", "Not found");
    if (!grant.scopes.includes(needed)) return err(403, "forbidden", `Missing required scope: ${needed}`);

    if (path === "/2025-09/sites") return paged("sites", sites, url);
    if (path === "/2025-09/unit_types") return paged("unit_types", filtered(unitTypes, url), url);
    if (path === "/2025-09/units") return paged("units", filtered(units as unknown as Obj[], url), url);
    if (path === "/2025-09/coupons") return paged("coupons", coupons, url);
    if (path === "/2025-09/unit_allocations") {
      const contactIds = filterList(url, "contact_id");
      return paged(
        "unit_allocations",
        allocations.filter((a) => !contactIds || contactIds.includes(String(a.contact_id))),
        url,
      );
    }
    if (path === "/2025-09/invoices") {
      const contactIds = filterList(url, "contact_id");
      const statuses = filterList(url, "status");
      return paged(
        "invoices",
        invoices.filter(
          (i) =>
            (!contactIds || contactIds.includes((i.contact as { id: string }).id)) &&
            (!statuses || statuses.includes(String(i.status))),
        ),
        url,
      );
    }
    if (path === "/2025-09/notes" && req.method === "GET") {
      const resourceIds = filterList(url, "resource_id");
      // Newest first, Stora's default sort.
      const found = notes.filter((n) => !resourceIds || resourceIds.includes((n.resource as { id: string }).id));
      return paged("notes", [...found].reverse(), url);
    }
    if (path === "/2025-09/notes" && req.method === "POST") {
      const resourceId = (body.resource as { id?: string } | undefined)?.id;
      if (typeof body.content !== "string" || !body.content.trim())
        return err(422, "invalid_parameter", "content is required");
      if (!contacts.some((c) => c.id === resourceId) && !units.some((u) => u.id === resourceId))
        return err(422, "invalid_parameter", "resource not found");
      const note = {
        id: id("note"),
        content: body.content,
        resource: { id: resourceId },
        metadata: (body.metadata as Obj | undefined) ?? {},
        created_at: now(),
        updated_at: now(),
      };
      notes.push(note);
      return [201, { note, meta: { request_id: id("req") } }];
    }
    const unitMatch = /^\/2025-09\/units\/([^/]+)(\/reserve)?$/.exec(path);
    if (unitMatch) {
      const unit = units.find((u) => u.id === unitMatch[1]);
      if (!unit) return err(404, "not_found", "Unit not found");
      if (!unitMatch[2]) return [200, { unit, meta: { request_id: id("req") } }];
      const order = [...orders.values()].find((o) => o.tenancy.id === body.tenancy_id);
      if (!order) return err(422, "invalid_tenancy", "Tenancy not found");
      if (unit.status !== "available")
        return err(422, "unit_not_available", `Unit ${unit.reference_id} is ${unit.status}`);
      const alloc = {
        id: id("alloc"),
        unit: { id: unit.id },
        tenancy: order.tenancy,
        contact_id: order.contact.id,
        reserved_at: now(),
        granted_access_at: null,
      };
      allocations.push(alloc);
      Object.assign(unit, { status: "reserved", unit_allocation: { id: alloc.id }, updated_at: now() });
      order.unitId = unit.id;
      return [200, { unit, meta: { request_id: id("req") } }];
    }
    if (path === "/2025-09/contacts" && req.method === "GET") {
      const q = (url.searchParams.get("search") ?? "").toLowerCase();
      const digits = q.replace(/\D/g, "");
      const found = contacts.filter(
        (c) =>
          !q ||
          String(c.full_name ?? "")
            .toLowerCase()
            .includes(q) ||
          String(c.email ?? "")
            .toLowerCase()
            .includes(q) ||
          (digits.length >= 4 &&
            String(c.phone_number ?? "")
              .replace(/\D/g, "")
              .includes(digits)),
      );
      return paged("contacts", found, url);
    }
    if (path === "/2025-09/contacts" && req.method === "POST") {
      if (typeof body.email !== "string" || !body.email.includes("@"))
        return err(422, "invalid_parameter", "email is required");
      const contact = { id: id("con"), status: "lead", created_at: now(), updated_at: now(), metadata: {}, ...body };
      contacts.push(contact);
      return [201, { contact, meta: { request_id: id("req") } }];
    }
    if (path === "/2025-09/orders") {
      const siteId = (body.site as { id?: string } | undefined)?.id;
      if (!sites.some((s) => s.id === siteId)) return err(422, "invalid_parameter", "site not found");
      const items = (body.line_items as { type: string; item: { id: string } }[] | undefined) ?? [];
      if (!items.some((i) => i.type === "unit_type" && unitTypes.some((t) => t.id === i.item.id)))
        return err(422, "invalid_parameter", "a unit_type line item is required");
      const metadata = (body.metadata as Obj | undefined) ?? {};
      const ref = metadata.storage_agent_reservation_id;
      const again = ref ? [...orders.values()].find((o) => o.metadata.storage_agent_reservation_id === ref) : null;
      if (again) return [201, { order: again, meta: { request_id: id("req") } }];
      const inline = body.contact as Obj;
      let contact = inline.id ? contacts.find((c) => c.id === inline.id) : undefined;
      if (!contact) {
        if (typeof inline.email !== "string") return err(422, "invalid_parameter", "contact email is required");
        contact = { id: id("con"), status: "lead", created_at: now(), updated_at: now(), metadata: {}, ...inline };
        contacts.push(contact);
      }
      const order = {
        id: id("order"),
        status: "completed",
        tenancy: { id: id("ten") },
        contact: { id: String(contact.id) },
        metadata,
        unitId: null,
      };
      orders.set(order.id, order);
      return [201, { order, meta: { request_id: id("req") } }];
    }
    const cancel = /^\/2025-09\/orders\/([^/]+)\/cancel$/.exec(path);
    if (cancel) {
      const order = orders.get(cancel[1]!);
      if (!order) return err(404, "not_found", "Order not found");
      if (order.status === "cancelled") return err(422, "already_cancelled", "Order is already cancelled");
      order.status = "cancelled";
      const unit = units.find((u) => u.id === order.unitId);
      if (unit?.status === "reserved")
        Object.assign(unit, { status: "available", unit_allocation: null, updated_at: now() });
      return [200, { order, meta: { request_id: id("req") } }];
    }
    return err(404, "not_found", "Not found");
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        if (control.latencyMs) await new Promise((r) => setTimeout(r, control.latencyMs));
        const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
        const [status, payload] = control.down
          ? err(503, "service_unavailable", "Service unavailable")
          : handle(req, Buffer.concat(chunks).toString("utf8"), url);
        requests.push({ method: req.method ?? "", path: url.pathname, status });
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(payload));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const unitById = (unitId: string) => {
    const u = units.find((x) => x.id === unitId);
    if (!u) throw new Error(`fake Stora: no unit ${unitId}`);
    return u;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    control,
    requests,
    units,
    unitTypes,
    orders,
    contacts,
    notes,
    invoices,
    ALL_SCOPES,
    /**
     * A site with `unitsPerType` units of each of four unit types (references, …). With
     * `siteId` every id is derived from it, so a fake started again (the demo) serves the same records.
     */
    addSite(name = `Fake Stora Site ${sites.length + 1}`, unitsPerType = 3, siteId?: string) {
      const idOf = (prefix: string, n: number) => (siteId ? `${prefix}_${siteId}_${n}` : id(prefix));
      const site = {
        id: siteId ?? id("site"),
        name,
        phone: "+442079460958",
        time_zone: "Europe/London",
        address: {
          line_1: "42 Storage Lane",
          line_2: null,
          city: "London",
          postal_code: "EC1A 1BB",
          country_alpha2: "GB",
        },
        updated_at: now(),
      };
      sites.push(site);
      let n = 1;
      let typeN = 1;
      for (const [w, l, monthly] of [
        [5, 5, 4500],
        [5, 10, 6500],
        [10, 10, 11000],
        [10, 20, 18500],
      ] as const) {
        const t = {
          id: idOf("utype", typeN++),
          name: `${w}x${l} Unit`,
          site: { id: site.id },
          dimensions: { width: w, length: l, height: 8, measurement_unit: "ft" },
          prices: [{ billing_period: "monthly", price: { amount: monthly, currency: "GBP", formatted: "" } }],
          promotion: null,
          selling_points: [],
          size_description: `${w}x${l} ft`,
          status: "bookable",
          updated_at: now(),
        };
        unitTypes.push(t);
        for (let i = 0; i < unitsPerType; i++)
          units.push({
            id: idOf("unit", n),
            reference_id: `A-${n++}`,
            site: { id: site.id },
            unit_type: { id: t.id },
            status: "available",
            unit_allocation: null,
            created_at: now(),
            updated_at: now(),
          });
      }
      return site.id;
    },
    addCoupon(c: Obj) {
      coupons.push({
        id: id("cpn"),
        valid: true,
        duration: "once",
        duration_in_months: null,
        percent_off: null,
        amount_off: null,
        ...c,
      });
    },
    /** An existing customer: a contact with a unit let to them and an open invoice. */
    addTenant(t: {
      fullName: string;
      phone: string;
      unitId: string;
      balanceMinor: number;
      /** When the open invoice was finalized (YYYY-MM-DD; default today). */
      invoicedOn?: string;
      /** What was paid of it already. */
      paidMinor?: number;
    }) {
      const contact = {
        id: id("con"),
        full_name: t.fullName,
        email: `${t.fullName.split(" ")[0]!.toLowerCase()}@example.test`,
        phone_number: t.phone,
        status: "customer",
        metadata: {},
      };
      contacts.push(contact);
      const unit = unitById(t.unitId);
      Object.assign(unit, { status: "occupied", updated_at: now() });
      allocations.push({
        id: id("alloc"),
        unit: { id: unit.id },
        tenancy: { id: id("ten") },
        contact_id: contact.id,
        reserved_at: now(),
        granted_access_at: now(),
      });
      invoices.push({
        id: id("inv"),
        status: "open",
        amount_due: { amount: t.balanceMinor + (t.paidMinor ?? 0), currency: "GBP" },
        amount_paid: { amount: t.paidMinor ?? 0, currency: "GBP" },
        contact: { id: contact.id },
        created_at: now(),
        finalized_at: t.invoicedOn ? `${t.invoicedOn}T09:00:00Z` : now(),
        period_start: t.invoicedOn ? `${t.invoicedOn}T00:00:00Z` : now(),
        paid_at: null,
      });
      return contact.id;
    },
    takeUnit(unitId: string) {
      Object.assign(unitById(unitId), { status: "occupied", updated_at: now() });
    },
    setMonthlyPrice(unitTypeId: string, amount: number) {
      const t = unitTypes.find((x) => x.id === unitTypeId)!;
      t.prices = [{ billing_period: "monthly", price: { amount, currency: "GBP", formatted: "" } }];
      t.updated_at = now();
    },
    unitById,
    /**
     * Every client-credentials token issued so far stops working before its two hours are up (the
     * operator revoked the application's tokens or rotated its secret; Stora then answers 401).
     */
    revokeIssuedTokens() {
      for (const [t, grant] of tokens) if (grant.issued) tokens.delete(t);
    },
    grantToken(token: string, scopes: string[] = ALL_SCOPES) {
      tokens.set(token, { scopes, expiresAt: Infinity });
    },
    /** POSTs a signed webhook the way Stora does; returns the receiver's status and the event id. */
    async sendWebhook(
      targetUrl: string,
      secret: string,
      type: string,
      data: Obj,
      o: { eventId?: string; timestamp?: number; signature?: string } = {},
    ) {
      const eventId = o.eventId ?? id("evt");
      const body = JSON.stringify({ event: { id: eventId, type, api_version: "2025-09", created_at: now(), data } });
      const t = o.timestamp ?? Math.floor(Date.now() / 1000);
      const v1 = o.signature ?? createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
      const res = await fetch(targetUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Stora-Webhooks/1.0",
          "x-stora-signature": `t=${t},v1=${v1}`,
          "x-stora-request-id": id("req"),
        },
        body,
      });
      return { status: res.status, eventId, body: await res.text() };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeStora = Awaited<ReturnType<typeof startFakeStora>>;

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const token = process.env.STORA_FAKE_TOKEN ?? "demo-stora-token";
  const clientId = process.env.STORA_FAKE_CLIENT_ID;
  const fake = await startFakeStora({
    accessTokens: { [token]: ALL_SCOPES },
    // An OAuth application for client credentials (e2e/integrations.spec.ts), when asked for.
    clients: clientId ? { [clientId]: { secret: process.env.STORA_FAKE_CLIENT_SECRET ?? "", scopes: ALL_SCOPES } } : {},
    port: Number(process.env.STORA_FAKE_PORT ?? 4111),
  });
  fake.addSite(process.env.STORA_FAKE_SITE_NAME ?? "Demo Stora Site", 3, process.env.STORA_FAKE_SITE_ID);
  console.log(`fake Stora on ${fake.url}`);
}
