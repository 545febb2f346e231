import { ReportsPage } from "@/components/reports/reports-page";

export const metadata = { title: "Reports" };

export default function Reports() {
  return <ReportsPage />;
}
