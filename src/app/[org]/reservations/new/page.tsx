import { Suspense } from "react";

import { NewReservation } from "@/components/reservations/new-reservation";
import { Loading } from "@/components/ui/states";

export const metadata = { title: "New reservation" };

export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <NewReservation />
    </Suspense>
  );
}
