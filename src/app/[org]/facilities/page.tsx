import { FacilitiesList } from "@/components/inventory/facilities-list";

export const metadata = { title: "Facilities" };

export default function Page() {
  return <FacilitiesList />;
}
