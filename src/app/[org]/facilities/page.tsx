import { PlaceholderPage } from "@/components/dashboard/placeholder-page";

export const metadata = { title: "Facilities" };

export default function Page() {
  return <PlaceholderPage title="Facilities" description="Your locations, their hours, policies and inventory." soon="Facility details, unit types, units, rates and promotions, with bulk import." />;
}
