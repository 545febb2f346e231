import { PlaceholderPage } from "@/components/dashboard/placeholder-page";

export const metadata = { title: "Leads" };

export default function Page() {
  return <PlaceholderPage title="Leads" description="People who asked about a unit: follow them up until they move in." soon="A board by status, follow-up sequences and each customer's timeline." />;
}
