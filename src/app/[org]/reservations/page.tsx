import { ReservationsList } from "@/components/reservations/reservations-list";

export const metadata = { title: "Reservations" };

export default function Page() {
  return <ReservationsList />;
}
