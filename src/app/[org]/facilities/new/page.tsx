import { NewFacility } from "@/components/inventory/new-facility";

export const metadata = { title: "New facility" };

export default function Page() {
  return <NewFacility />;
}
