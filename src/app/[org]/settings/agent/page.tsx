import { PlaceholderPage } from "@/components/dashboard/placeholder-page";

export const metadata = { title: "Agent" };

export default function Page() {
  return <PlaceholderPage title="Agent" description="How your AI front desk speaks and what it may do." soon="Greeting, voice, the model it uses, and a playground to talk to it." />;
}
