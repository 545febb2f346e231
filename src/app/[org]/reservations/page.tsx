import { PlaceholderPage } from "@/components/dashboard/placeholder-page";

export const metadata = { title: "Reservations" };

export default function Page() {
  return <PlaceholderPage title="Reservations" description="Units held for customers, and move-ins." soon="Reservations with their quotes, holds and confirmation codes; cancel or move in." />;
}
