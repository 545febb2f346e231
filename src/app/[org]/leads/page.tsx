import { Suspense } from "react";

import { LeadsBoard } from "@/components/crm/leads-board";
import { Loading } from "@/components/ui/states";

export const metadata = { title: "Leads" };

/** The list reads its search, filters and sort from the address (useSearchParams): a Suspense boundary. */
export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <LeadsBoard />
    </Suspense>
  );
}
