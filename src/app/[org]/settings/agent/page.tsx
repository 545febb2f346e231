import { Stack } from "@chakra-ui/react";

import { AgentSettingsCard } from "@/components/agent/agent-settings-card";
import { AgentPlayground } from "@/components/agent/playground";

export const metadata = { title: "Agent" };

export default function AgentPage() {
  return (
    <Stack gap={6}>
      <AgentPlayground />
      <AgentSettingsCard />
    </Stack>
  );
}
