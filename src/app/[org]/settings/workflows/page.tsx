import { WorkflowsSettings } from "@/components/settings/workflows-settings";

export const metadata = { title: "Workflows" };

export default function WorkflowsPage() {
  return <WorkflowsSettings />;
}
