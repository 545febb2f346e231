import { Suspense } from "react";

import { ReservationsList } from "@/components/reservations/reservations-list";
import { Loading } from "@/components/ui/states";

export const metadata = { title: "Reservations" };

/** The list reads its search, filters and sort from the address (useSearchParams): a Suspense boundary. */
export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <ReservationsList />
    </Suspense>
  );
}
