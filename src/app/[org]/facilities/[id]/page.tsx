import { FacilityDetail } from "@/components/inventory/facility-detail";

export const metadata = { title: "Facility" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FacilityDetail id={id} />;
}
