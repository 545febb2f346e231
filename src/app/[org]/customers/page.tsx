import { CustomersList } from "@/components/crm/customers-list";

export const metadata = { title: "Customers" };

export default function Page() {
  return <CustomersList />;
}
