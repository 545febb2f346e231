import { Stack } from "@chakra-ui/react";

import { ApiKeysSettings } from "@/components/settings/api-keys";
import { OrganizationId } from "@/components/settings/organization-id";

export const metadata = { title: "API & webhooks" };

export default function ApiKeysPage() {
  return (
    <Stack gap={6}>
      <OrganizationId />
      <ApiKeysSettings />
    </Stack>
  );
}
