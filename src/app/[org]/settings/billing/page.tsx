import { PlaceholderPage } from "@/components/dashboard/placeholder-page";

export const metadata = { title: "Billing" };

export default function Page() {
  return <PlaceholderPage title="Billing" description="Your plan, usage and invoices." soon="Plans, Stripe Checkout and the billing portal." />;
}
