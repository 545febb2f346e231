import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * Every dashboard page hydrates without an error: the server's HTML and the first client render
 * agree (Emotion's streamed styles go through the registry in src/components/emotion-registry.tsx;
 * without it React threw error #418 on every page and rendered it again in the browser).
 */
// A browser a day ahead of the server for most of the day (UTC+14 against the server's clock): a
// page that counts "today" or formats a time in the browser's zone rather than the organization's
// renders other text than the server did.
test.use({ timezoneId: "Pacific/Kiritimati" });

test("dashboard pages load without page errors or console errors", async ({ page }) => {
  // Sixteen pages, each waited on until the network is idle: more than the default 90 s on a busy machine.
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  await signUp(page, {
    name: "Hy Drate",
    email: uniqueEmail("hydrate"),
    organization: `Hydrate Storage ${Date.now().toString(36)}`,
  });
  await expectDashboard(page, /Welcome, Hy/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;
  const { customer } = await trpc<{ customer: { id: string } }>(page, "customers.upsert", {
    name: "Hy Customer",
    phone: "+15125550177",
  });
  await trpc(page, "customers.addNote", { customerId: customer.id, body: "Called about a 10x10." });
  // A facility with a unit type: its page is rendered on the server with its data (quote, promotions, holidays).
  const facility = await trpc<{ id: string }>(page, "facilities.create", {
    name: "Hy Drate Storage",
    slug: `hydrate-${Date.now().toString(36)}`,
    timeZone: "America/Chicago",
    phone: "+15125550100",
  });
  await trpc(page, "inventory.createUnitType", {
    facilityId: facility.id,
    name: "10x10",
    widthFt: 10,
    lengthFt: 10,
    streetRateCents: 12_000,
    webRateCents: 11_000,
  });
  for (const [path, heading] of [
    ["", /Welcome, Hy/],
    ["/calls", "Calls"],
    ["/inbox", "Inbox"],
    ["/customers", "Customers"],
    [`/customers/${customer.id}`, "Hy Customer"],
    ["/leads", "Leads"],
    ["/reservations", "Reservations"],
    ["/facilities", "Facilities"],
    [`/facilities/${facility.id}`, "Hy Drate Storage"],
    ["/analytics", "Analytics"],
    ["/collections", "Collections"],
    ["/settings/payments", "Payments"],
    ["/settings/team", "Team"],
    ["/settings/agent", "Agent"],
    ["/settings/audit-log", "Audit log"],
  ] as const) {
    await page.goto(`/${slug}${path}`);
    await expectDashboard(page, heading);
    await page.waitForLoadState("networkidle");
  }
  expect(errors).toEqual([]);
});
