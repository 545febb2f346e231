import { PlaceholderPage } from "@/components/dashboard/placeholder-page";

export const metadata = { title: "Phone numbers" };

export default function Page() {
  return <PlaceholderPage title="Phone numbers" description="The numbers callers ring and text." soon="Search and buy numbers through Twilio, attach your own, and route them to facilities." />;
}
