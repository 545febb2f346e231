import { overviewPageData } from "@/app/[org]/page-data";
import { Overview } from "@/components/dashboard/overview";
import { PrefetchedData } from "@/components/prefetched-data";
import { prefetchDashboardData } from "@/server/api/prefetch";

/** The Overview's figures are fetched while the server renders (src/server/api/prefetch.ts). */
export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const data = await prefetchDashboardData(org, overviewPageData);
  return (
    <PrefetchedData state={data}>
      <Overview />
    </PrefetchedData>
  );
}
