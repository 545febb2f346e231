import { ApiKeysSettings } from "@/components/settings/api-keys";

export const metadata = { title: "API & webhooks" };

export default function ApiKeysPage() {
  return <ApiKeysSettings />;
}
