import { AnalyticsView } from "@/components/analytics/analytics-view";

export const metadata = { title: "Analytics" };

export default function Page() {
  return <AnalyticsView />;
}
