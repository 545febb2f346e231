import path from "node:path";

import { expect, test } from "@playwright/test";

import { expectDashboard, signUp, uniqueEmail } from "./helpers";

test("an operator imports a facility file, books a reservation from the dashboard and cancels it", async ({ page }) => {
  const stamp = Date.now().toString(36);
  await signUp(page, { name: "Ivy Inventory", email: uniqueEmail("inventory"), organization: `Lakeside Co ${stamp}` });
  await expectDashboard(page, /Welcome, Ivy/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  // Import: upload → preview of what will change → confirm.
  await page.goto(`/${slug}/facilities`);
  await expectDashboard(page, "Facilities");
  await page.getByRole("button", { name: "Import" }).click();
  await page.getByLabel("Import file").setInputFiles(path.join(process.cwd(), "docs/examples/facility-import.json"));
  const preview = page.getByRole("table", { name: "Changes the import will make" });
  await expect(preview).toBeVisible();
  await expect(preview.getByRole("row").filter({ hasText: "Facilities" })).toContainText("1");
  await page.getByRole("button", { name: "Confirm import" }).click();
  await expect(page.getByText("Imported facility-import.json.")).toBeVisible();

  // A file with a mistake is refused with the line and field named, and changes nothing.
  await page.getByLabel("Import file").setInputFiles({
    name: "bad.json",
    mimeType: "application/json",
    buffer: Buffer.from('{\n  "version": 1,\n  "facilities": [\n    { "name": "X", "slug": "Bad Slug" }\n  ]\n}\n'),
  });
  await expect(page.getByRole("alert").filter({ hasText: /line 4.*facilities\.0\./ })).toBeVisible();

  // The facility shows its units; open it and start a reservation there.
  const card = page.getByRole("article", { name: "Lakeside Self Storage" });
  await expect(card).toContainText(/\d+ of \d+ units available/);
  await card.getByRole("link", { name: "Lakeside Self Storage" }).click();
  await expectDashboard(page, "Lakeside Self Storage");
  await expect(page.getByRole("table", { name: "Unit types" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Units" })).toBeVisible();
  await page.getByRole("link", { name: "New reservation" }).click();
  await expectDashboard(page, "New reservation");

  // The live quote appears once a unit type is chosen (the first bookable one by default).
  await expect(page.getByTestId("due-at-move-in")).toContainText("$");
  await page.getByLabel("Customer name").fill("Rita Renter");
  await page.getByLabel("Customer phone").fill("(512) 555-0142");
  await page.getByLabel("Customer e-mail").fill(`rita-${stamp}@example.test`);
  await page.getByRole("button", { name: "Reserve" }).click();

  // The reservation page shows its confirmation code and the stored quote.
  await expect(page).toHaveURL(new RegExp(`/${slug}/reservations/[0-9a-f-]{36}$`));
  const code = (await page.getByTestId("confirmation-code").textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{4,12}$/);
  await expectDashboard(page, `Reservation ${code}`);
  await expect(page.getByTestId("reservation-status")).toHaveText("active");
  await expect(page.getByRole("table", { name: "Quote lines" })).toContainText("Due at move-in");

  // Cancel it.
  await page.getByRole("button", { name: "Cancel reservation" }).click();
  await page.getByLabel("Cancellation reason").fill("Customer changed plans");
  await page.getByRole("button", { name: "Confirm cancellation" }).click();
  await expect(page.getByTestId("reservation-status")).toHaveText("cancelled");
  await expect(page.getByRole("button", { name: "Move in" })).toHaveCount(0);

  // The list shows it cancelled too.
  await page.goto(`/${slug}/reservations`);
  await expect(page.getByRole("row").filter({ hasText: code })).toContainText("cancelled");
});

test("a manager sets up a facility by hand: form, unit type, units in bulk, rates, fees and the live quote", async ({
  page,
}) => {
  const stamp = Date.now().toString(36);
  await signUp(page, { name: "Max Manager", email: uniqueEmail("setup"), organization: `Hilltop Co ${stamp}` });
  await expectDashboard(page, /Welcome, Max/);
  const slug = new URL(page.url()).pathname.split("/")[1]!;

  // The facility form: bad hours are refused naming the day; then it is created.
  await page.goto(`/${slug}/facilities`);
  await page.getByRole("link", { name: "New facility" }).click();
  await expectDashboard(page, "New facility");
  const form = page.getByRole("form", { name: "New facility" });
  await form.getByLabel("Facility name").fill(`Hilltop Storage ${stamp}`);
  await form.getByLabel("Street address").fill("12 Ridge Road");
  await form.getByLabel("City").fill("Boulder");
  await form.getByLabel("State").fill("CO");
  await form.getByLabel("Postal code").fill("80302");
  await form.getByLabel("Time zone").selectOption("America/Denver");
  await form.getByLabel("Phone").fill("(303) 555-0142");
  // Hours are picked: Monday to Friday in one row, 09:00 to 17:00 offered when a day opens.
  const officeRow = (day: string) => form.getByTestId(`hours-Office hours ${day}`);
  const accessRow = (day: string) => form.getByTestId(`hours-Access hours ${day}`);
  await officeRow("Monday to Friday").getByText("Closed", { exact: true }).click();
  await expect(form.getByLabel("Office hours Monday to Friday opens")).toHaveValue("09:00");
  await form.getByLabel("Office hours Monday to Friday closes").fill("17:30");
  // Saturday closes before it opens: refused, naming the day.
  await officeRow("Saturday").getByText("Closed", { exact: true }).click();
  await form.getByLabel("Office hours Saturday opens").fill("13:00");
  await form.getByLabel("Office hours Saturday closes").fill("09:00");
  // The gate: every day, around the clock on Sunday.
  await accessRow("Monday to Friday").getByText("Closed", { exact: true }).click();
  await form.getByLabel("Access hours Monday to Friday opens").fill("06:00");
  await form.getByLabel("Access hours Monday to Friday closes").fill("22:00");
  await accessRow("Sunday").getByText("Closed", { exact: true }).click();
  await accessRow("Sunday").getByText("24 hours", { exact: true }).click();
  await form.getByLabel("Amenities").fill("Gated access, Cameras");
  await form.getByLabel("Directions").fill("Past the water tower, second left.");
  await form.getByLabel("Admin fee ($)").fill("25");
  await form.getByRole("button", { name: "Create facility" }).click();
  await expect(form.getByRole("alert")).toContainText("Office hours, Saturday");
  await form.getByLabel("Office hours Saturday closes").fill("13:00");
  await form.getByLabel("Office hours Saturday opens").fill("09:00");
  // Tuesday differs: Monday to Friday split back into days, and Tuesday gets evening hours too.
  await form.getByText("Same hours Monday to Friday").first().click();
  await expect(form.getByLabel("Office hours Thursday closes")).toHaveValue("17:30");
  await officeRow("Tuesday").getByRole("button", { name: "Add Office hours Tuesday hours" }).click();
  await form.getByLabel("Office hours Tuesday opens (2)").fill("18:00");
  await form.getByLabel("Office hours Tuesday closes (2)").fill("20:00");
  await form.getByRole("button", { name: "Create facility" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/facilities/[0-9a-f-]{36}$`));
  await expectDashboard(page, `Hilltop Storage ${stamp}`);
  await expect(page.getByText("Time zone: America/Denver")).toBeVisible();
  const office = page.getByRole("table", { name: "Office hours" });
  await expect(office.getByRole("row", { name: /Tuesday/ })).toContainText("09:00–17:30, 18:00–20:00");
  await expect(office.getByRole("row", { name: /Wednesday/ })).toContainText("09:00–17:30");
  await expect(office.getByRole("row", { name: /Saturday/ })).toContainText("09:00–13:00");
  await expect(office.getByRole("row", { name: /Sunday/ })).toContainText("Closed");
  const gate = page.getByRole("table", { name: "Access hours" });
  await expect(gate.getByRole("row", { name: /Sunday/ })).toContainText("24 hours");
  await expect(gate.getByRole("row", { name: /Friday/ })).toContainText("06:00–22:00");
  await expect(page.getByText("Amenities: Gated access, Cameras")).toBeVisible();

  // Edit: change the phone; the rest stays as it was.
  await page.getByRole("button", { name: "Edit facility" }).click();
  const edit = page.getByRole("form", { name: "Edit facility" });
  await expect(edit.getByLabel("Office hours Tuesday opens (2)")).toHaveValue("18:00");
  await expect(edit.getByLabel("Office hours Thursday closes")).toHaveValue("17:30");
  await edit.getByLabel("Phone").fill("303-555-0199");
  await edit.getByRole("button", { name: "Save facility" }).click();
  await expect(page.getByText("Phone: +13035550199")).toBeVisible();
  await expect(page.getByText("Time zone: America/Denver")).toBeVisible();

  // A unit type.
  await page.getByRole("button", { name: "Add unit type" }).click();
  const typeForm = page.getByRole("form", { name: "New unit type" });
  await typeForm.getByLabel("Unit type name").fill("10x10 Climate");
  await typeForm.getByLabel("Width (ft)").fill("10");
  await typeForm.getByLabel("Length (ft)").fill("10");
  await typeForm.getByText("climate controlled", { exact: true }).click();
  await typeForm.getByLabel("Street rate ($/month)").fill("120");
  await typeForm.getByLabel("Web rate ($/month)").fill("110.50");
  await typeForm.getByRole("button", { name: "Add unit type" }).click();
  const types = page.getByRole("table", { name: "Unit types" });
  await expect(types.getByRole("row", { name: /10x10 Climate/ })).toContainText("climate controlled");
  await expect(types.getByRole("row", { name: /10x10 Climate/ })).toContainText("$110.50");

  // Units in bulk: a bad range is explained; A101-A130 previews and creates 30; a re-run skips existing numbers.
  const bulk = page.getByRole("form", { name: "Add units" });
  await bulk.getByLabel("Unit numbers").fill("A5-B7");
  await expect(bulk.getByText(/must share the prefix/)).toBeVisible();
  await bulk.getByLabel("Unit numbers").fill("A101-A130");
  await expect(bulk.getByRole("status", { name: "Preview of new unit numbers" })).toContainText("30 units");
  await bulk.getByRole("button", { name: "Create 30 units" }).click();
  await expect(bulk.getByText("Created 30 units.")).toBeVisible();
  await expect(types.getByRole("row", { name: /10x10 Climate/ })).toContainText("30 / 30");
  await bulk.getByLabel("Unit numbers").fill("A129-A131");
  await bulk.getByRole("button", { name: "Create 3 units" }).click();
  await expect(bulk.getByText(/Created 1 unit\. Skipped 2 that already exist \(A129, A130\)/)).toBeVisible();
  await expect(page.getByRole("table", { name: "Units" }).getByRole("row", { name: /A131/ })).toBeVisible();

  // The rates editor: change the web rate; the live quote follows.
  const rates = page.getByRole("table", { name: "Rates" });
  await rates.getByLabel("Web rate of 10x10 Climate in dollars").fill("99.00");
  await rates.getByRole("button", { name: "Save" }).click();
  await expect(types.getByRole("row", { name: /10x10 Climate/ })).toContainText("$99.00");
  await page.getByLabel("Quote channel").selectOption("web");
  const quote = page.getByRole("table", { name: "Live quote" });
  await expect(quote.getByRole("row", { name: /Monthly after/ })).toContainText("$99.00");
  await expect(quote).toContainText("$25.00"); // the admin fee from the form
  await expect(page.getByTestId("due-at-move-in")).toContainText("$");

  // A promotion, a fee and a protection plan; the quote preview can use them.
  const promo = page.getByRole("form", { name: "Add a promotion" });
  await promo.getByLabel("Promotion name").fill("$1 first month");
  await promo.getByLabel("Amount ($)").fill("1.00");
  await promo.getByRole("button", { name: "Add promotion" }).click();
  await expect(promo.getByText('Saved promotion "$1 first month".')).toBeVisible();
  await page.getByLabel("Quote promotion").selectOption({ label: "$1 first month" });
  await expect(quote).toContainText("Promotion: $1 first month");

  await page.getByRole("button", { name: "Add fee" }).click();
  const feeForm = page.getByRole("form", { name: "Add a fee" });
  await feeForm.getByLabel("Fee name").fill("Lock");
  await feeForm.getByLabel("Amount ($)").fill("12.5");
  await feeForm.getByRole("button", { name: "Add fee" }).click();
  await expect(page.getByText(/Lock · \$12\.50/)).toBeVisible();
  await page.getByRole("button", { name: "Add plan" }).click();
  const planForm = page.getByRole("form", { name: "Add a protection plan" });
  await planForm.getByLabel("Plan name").fill("Basic cover");
  await planForm.getByLabel("Coverage ($)").fill("2000");
  await planForm.getByLabel("Monthly price ($)").fill("12");
  await planForm.getByRole("button", { name: "Add plan" }).click();
  await expect(page.getByText(/Basic cover · \$2,000\.00 coverage for \$12\.00\/month/)).toBeVisible();
  await page.getByLabel("Protection plan", { exact: true }).selectOption({ label: "Basic cover ($12.00/month)" });
  // The first month's plan charge is prorated like the rent (it depends on today's date); the monthly figure is not.
  await expect(quote).toContainText("Protection plan: Basic cover");
  await expect(quote.getByRole("row", { name: /Monthly after/ })).toContainText("$111.00");

  // Editing the fee keeps it one fee.
  await page.getByRole("button", { name: "Edit Lock" }).click();
  const feeEdit = page.getByRole("form", { name: "Edit fee Lock" });
  await feeEdit.getByLabel("Amount ($)").fill("15");
  await feeEdit.getByRole("button", { name: "Save fee" }).click();
  await expect(page.getByText(/Lock · \$15\.00/)).toBeVisible();
  await expect(page.getByText(/Lock · \$12\.50/)).toHaveCount(0);

  // Without reservations or rentals the facility can be deleted, after a confirmation.
  await page.getByRole("button", { name: "Edit facility" }).click();
  await page.getByRole("form", { name: "Edit facility" }).getByRole("button", { name: "Delete facility" }).click();
  const sure = page.getByRole("alertdialog", {
    name: `Delete Hilltop Storage ${stamp} with its unit types and units?`,
  });
  await expect(sure).toContainText("This cannot be undone.");
  await sure.getByRole("button", { name: "Delete facility" }).click();
  await expectDashboard(page, "Facilities");
  await expect(page.getByRole("article", { name: `Hilltop Storage ${stamp}` })).toHaveCount(0);
});

test("staff see facilities and rates but no forms to change them, and the server refuses them too", async ({
  browser,
}) => {
  const stamp = Date.now().toString(36);
  const owner = await (await browser.newContext()).newPage();
  await signUp(owner, { name: "Opal Owner", email: uniqueEmail("owner"), organization: `Staffed Co ${stamp}` });
  await expectDashboard(owner, /Welcome, Opal/);
  const slug = new URL(owner.url()).pathname.split("/")[1]!;
  await owner.goto(`/${slug}/facilities/new`);
  await owner.getByLabel("Facility name").fill(`Staffed Storage ${stamp}`);
  await owner.getByRole("button", { name: "Create facility" }).click();
  await expectDashboard(owner, `Staffed Storage ${stamp}`);
  const facilityPath = new URL(owner.url()).pathname;

  // Invite a staff member through the outbox and accept as a new user.
  await owner.goto(`/${slug}/settings/team`);
  const staffEmail = uniqueEmail("staff");
  await owner.getByLabel("E-mail").fill(staffEmail);
  await owner.getByLabel("Role for the invitee").selectOption("staff");
  await owner.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.getByText(`Invitation sent to ${staffEmail}.`)).toBeVisible();
  await owner.goto(`/${slug}/settings/outbox`);
  const link = await owner
    .getByRole("article")
    .filter({ hasText: staffEmail })
    .first()
    .getByRole("link")
    .first()
    .getAttribute("href");
  const invitePath = new URL(link!).pathname;
  const staff = await (await browser.newContext()).newPage();
  await staff.goto(invitePath);
  await staff.getByRole("link", { name: /Create an account/ }).click();
  await signUp(staff, { name: "Stan Staff", email: staffEmail, next: invitePath });
  await staff.getByRole("button", { name: "Accept invitation" }).click();
  await expectDashboard(staff, /Welcome, Stan/);

  await staff.goto(`/${slug}/facilities`);
  await expect(staff.getByRole("article", { name: `Staffed Storage ${stamp}` })).toBeVisible();
  await expect(staff.getByRole("link", { name: "New facility" })).toHaveCount(0);
  await staff.goto(facilityPath);
  await expectDashboard(staff, `Staffed Storage ${stamp}`);
  await expect(staff.getByRole("heading", { name: "Rates and promotions" })).toBeVisible();
  await expect(staff.getByRole("heading", { name: "Fees and protection plans" })).toBeVisible();
  for (const name of ["Edit facility", "Add unit type", "Add fee", "Add plan"])
    await expect(staff.getByRole("button", { name })).toHaveCount(0);
  await expect(staff.getByRole("form", { name: "Add units" })).toHaveCount(0);
  await staff.goto(`/${slug}/facilities/new`);
  await expect(staff.getByText("Managers and above add facilities.")).toBeVisible();
  const refused = await staff.request.post("/api/trpc/facilities.create", {
    data: { json: { name: "Sneaky", slug: `sneaky-${stamp}` } },
  });
  expect(refused.status()).toBe(403);
});
