import { AgentPlayground } from "@/components/agent/playground";

export const metadata = { title: "Agent" };

export default function AgentPage() {
  return <AgentPlayground />;
}
