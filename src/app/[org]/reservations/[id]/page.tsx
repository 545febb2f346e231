import { ReservationDetail } from "@/components/reservations/reservation-detail";

export const metadata = { title: "Reservation" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ReservationDetail id={id} />;
}
