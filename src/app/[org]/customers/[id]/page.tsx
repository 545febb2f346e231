import { CustomerPage } from "@/components/crm/customer-page";

export const metadata = { title: "Customer" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CustomerPage id={id} />;
}
