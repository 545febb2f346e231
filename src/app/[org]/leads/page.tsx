import { LeadsBoard } from "@/components/crm/leads-board";

export const metadata = { title: "Leads" };

export default function Page() {
  return <LeadsBoard />;
}
