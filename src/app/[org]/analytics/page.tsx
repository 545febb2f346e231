import { AnalyticsView } from "@/components/analytics/analytics-view";
import { PrefetchedData } from "@/components/prefetched-data";
import { analyticsPageData } from "@/app/[org]/page-data";
import { prefetchDashboardData } from "@/server/api/prefetch";

export const metadata = { title: "Analytics" };

/** The default view's figures are fetched while the server renders (src/server/api/prefetch.ts). */
export default async function Page({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const data = await prefetchDashboardData(org, analyticsPageData);
  return (
    <PrefetchedData state={data}>
      <AnalyticsView />
    </PrefetchedData>
  );
}
