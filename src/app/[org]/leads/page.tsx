import { Suspense } from "react";

import { LeadsBoard } from "@/components/crm/leads-board";
import { PrefetchedData } from "@/components/prefetched-data";
import { Loading } from "@/components/ui/states";
import { leadsPageData } from "@/app/[org]/page-data";
import { prefetchDashboardData } from "@/server/api/prefetch";

export const metadata = { title: "Leads" };

/**
 * The board's data is fetched while the server renders (src/server/api/prefetch.ts). The list reads
 * its search, filters and sort from the address (useSearchParams): a Suspense boundary.
 */
export default async function Page({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ org }, search] = await Promise.all([params, searchParams]);
  const data = await prefetchDashboardData(org, leadsPageData(search));
  return (
    <PrefetchedData state={data}>
      <Suspense fallback={<Loading />}>
        <LeadsBoard />
      </Suspense>
    </PrefetchedData>
  );
}
