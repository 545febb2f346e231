import { IntegrationsSettings } from "@/components/settings/integrations-settings";

export const metadata = { title: "Integrations" };

export default function IntegrationsPage() {
  return <IntegrationsSettings />;
}
