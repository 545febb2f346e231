import { FacilityDetail } from "@/components/inventory/facility-detail";
import { PrefetchedData } from "@/components/prefetched-data";
import { facilityPageData } from "@/app/[org]/page-data";
import { prefetchDashboardData } from "@/server/api/prefetch";

export const metadata = { title: "Facility" };

/** The facility's data is fetched while the server renders (src/server/api/prefetch.ts). */
export default async function Page({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const data = await prefetchDashboardData(org, facilityPageData(id));
  return (
    <PrefetchedData state={data}>
      <FacilityDetail id={id} />
    </PrefetchedData>
  );
}
