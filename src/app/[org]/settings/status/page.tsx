import { ServiceStatus } from "@/components/status/service-status";

export const metadata = { title: "Service status" };

export default function ServiceStatusPage() {
  return <ServiceStatus />;
}
