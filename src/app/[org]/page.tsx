import { Overview } from "@/components/dashboard/overview";

export default function OverviewPage() {
  return <Overview />;
}
