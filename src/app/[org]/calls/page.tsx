import { Suspense } from "react";

import { CallsList } from "@/components/calls/calls-list";
import { Loading } from "@/components/ui/states";

export const metadata = { title: "Calls" };

/** The list reads its search, filters and sort from the address (useSearchParams): a Suspense boundary. */
export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <CallsList />
    </Suspense>
  );
}
