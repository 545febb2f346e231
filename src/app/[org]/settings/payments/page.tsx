import { PaymentsSettings } from "@/components/payments/payments-settings";

export const metadata = { title: "Payments" };

export default function PaymentsPage() {
  return <PaymentsSettings />;
}
