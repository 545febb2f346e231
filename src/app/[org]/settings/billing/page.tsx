import { BillingSettings } from "@/components/billing/billing-settings";

export const metadata = { title: "Billing" };

export default function BillingPage() {
  return <BillingSettings />;
}
