import { expect, test, type Page, type Request } from "@playwright/test";

import { expectDashboard, signUp, trpc, uniqueEmail } from "./helpers";

/**
 * The Overview, facility, Leads and Analytics pages (and the dashboard's shell) come with their data: the
 * server fetches it while it renders (src/server/api/prefetch.ts), so the first HTML shows it and
 * the browser asks no tRPC query before the page marks its data loaded. A member of another
 * organization gets a 404 with none of it.
 */
async function signUpOrg(page: Page, who: string) {
  await signUp(page, {
    name: `${who} Prefetch`,
    email: uniqueEmail(`prefetch-${who.toLowerCase()}`),
    organization: `${who} Prefetch Storage ${Date.now().toString(36)}`,
  });
  await expectDashboard(page, new RegExp(`Welcome, ${who}`));
  return new URL(page.url()).pathname.split("/")[1]!;
}

test("prefetched pages come with their data, for their own organization only", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const slug = await signUpOrg(page, "Pia");
  const facilityName = `Prefetch Street Storage ${Date.now().toString(36)}`;
  const facility = await trpc<{ id: string }>(page, "facilities.create", {
    name: facilityName,
    slug: `prefetch-${Date.now().toString(36)}`,
    timeZone: "America/Chicago",
    phone: "+15125550100",
  });
  await trpc(page, "inventory.createUnitType", {
    facilityId: facility.id,
    name: "Prefetch 10x15",
    widthFt: 10,
    lengthFt: 15,
    streetRateCents: 15_000,
    webRateCents: 14_000,
  });
  const leadName = `Lena Prefetch ${Date.now().toString(36)}`;
  await trpc(page, "leads.capture", { source: "web", name: leadName, phone: "+15125550181" });

  // The server's HTML already holds the data: the facility, its unit type, and the lead's card.
  const facilityPath = `/${slug}/facilities/${facility.id}`;
  const html = await (await page.request.get(facilityPath)).text();
  expect(html).toContain(facilityName);
  expect(html).toContain("Prefetch 10x15");
  expect(await (await page.request.get(`/${slug}/leads`)).text()).toContain(leadName);

  // And the browser asks for none of it before the page says its data is there.
  for (const path of [facilityPath, `/${slug}/leads`, `/${slug}/analytics`, `/${slug}`]) {
    const queries: string[] = [];
    const onRequest = (r: Request) => {
      if (new URL(r.url()).pathname.startsWith("/api/trpc/")) queries.push(new URL(r.url()).pathname);
    };
    page.on("request", onRequest);
    await page.goto(path);
    await expect(page.locator("[data-loaded]")).toHaveAttribute("data-loaded", "ok");
    page.off("request", onRequest);
    expect(queries, path).toEqual([]);
  }

  // A member of another organization: 404 for the address, none of the data in it.
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const otherPage = await other.newPage();
  await signUpOrg(otherPage, "Oto");
  for (const path of [facilityPath, `/${slug}/leads`, `/${slug}/analytics`]) {
    const res = await otherPage.request.get(path);
    expect(res.status(), path).toBe(404);
    const body = await res.text();
    expect(body).not.toContain(facilityName);
    expect(body).not.toContain(leadName);
  }
  await other.close();
});
