import { AlertsSettings } from "@/components/settings/alerts-settings";

export const metadata = { title: "Alerts" };

export default function AlertsPage() {
  return <AlertsSettings />;
}
