import { Stack } from "@chakra-ui/react";

import { AgentSettingsCard } from "@/components/agent/agent-settings-card";
import { FacilityAgentSettings } from "@/components/agent/facility-agent-settings";
import { GateCodePolicyCard } from "@/components/agent/gate-code-policy-card";
import { AgentPlayground } from "@/components/agent/playground";

export const metadata = { title: "Agent" };

export default function AgentPage() {
  return (
    <Stack gap={6}>
      <FacilityAgentSettings />
      <AgentPlayground />
      <AgentSettingsCard />
      <GateCodePolicyCard />
    </Stack>
  );
}
