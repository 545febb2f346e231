import { PlaceholderPage } from "@/components/dashboard/placeholder-page";

export const metadata = { title: "Analytics" };

export default function Page() {
  return <PlaceholderPage title="Analytics" description="What the agent brings in." soon="Calls by hour, outcomes, the funnel from call to move-in, occupancy and agent quality." />;
}
