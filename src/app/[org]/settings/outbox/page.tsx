import { OutboxSettings } from "@/components/settings/outbox-settings";

export const metadata = { title: "Outbox" };

export default function OutboxPage() {
  return <OutboxSettings />;
}
