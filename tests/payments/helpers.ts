import { expect } from "vitest";

import { withOrg } from "@/server/db/client";
import { createReservation } from "@/server/domain/reservations/create-reservation";
import { GET as payPage } from "@/app/pay/[token]/route";

import { callerFor, daysFromToday, seedOrganization, unique, type TestOrg } from "../factories";
import type { StripeHarness } from "../fakes/stripe-harness";
import { ACTOR, seedFacility } from "../inventory/helpers";

export const phone = () => `+1512555${String(Math.floor(1000 + Math.random() * 8999))}`;

/** An organization whose owner connected a Stripe account and finished the fake's onboarding. */
export async function connectedOrg(_h: StripeHarness): Promise<{ org: TestOrg; account: string }> {
  const org = await seedOrganization();
  const owner = await callerFor(org.owner);
  const { url, stripeAccountId } = await owner.payments.connect();
  const res = await fetch(`${url}/submit`, { method: "POST", redirect: "manual" });
  expect(res.status).toBe(303);
  const status = await owner.payments.status();
  expect(status).toMatchObject({ ready: true, account: { stripeAccountId, chargesEnabled: true } });
  return { org, account: stripeAccountId };
}

/** A facility and a reservation for a customer with a phone and an e-mail. */
export async function seedReservation(orgId: string) {
  const { unitType, facility } = await seedFacility(orgId, { units: 2 });
  const email = `${unique("renter")}@example.test`;
  const r = await withOrg(orgId, (tx) =>
    createReservation(tx, orgId, ACTOR, {
      unitTypeId: unitType.id,
      moveInDate: daysFromToday(30),
      channel: "phone",
      customer: { name: "Pat Payer", phone: phone(), email },
    }),
  );
  return { facility, unitType, reservation: r.reservation, quote: r.quote, email };
}

/** GET /pay/<token> through the app's route handler. */
export async function openLink(url: string, query = "") {
  const token = new URL(url).pathname.split("/").pop()!;
  const res = await payPage(new Request(`http://127.0.0.1/pay/${token}${query}`), {
    params: Promise.resolve({ token }),
  });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

export const sessionIdOf = (checkoutUrl: string) => checkoutUrl.split("/pay/")[1]!;
