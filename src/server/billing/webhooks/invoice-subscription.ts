import "server-only";

import type { Stripe } from "@/server/integrations/stripe";

/** The subscription an invoice bills, read from the invoice as Stripe has it now. */
export async function subscriptionOfInvoice(stripe: Stripe, invoiceId: string): Promise<string | null> {
  const invoice = await stripe.invoices.retrieve(invoiceId);
  const sub = invoice.parent?.subscription_details?.subscription ?? null;
  return typeof sub === "string" ? sub : (sub?.id ?? null);
}
