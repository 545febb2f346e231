import { PlaceholderPage } from "@/components/dashboard/placeholder-page";

export const metadata = { title: "Calls" };

export default function Page() {
  return <PlaceholderPage title="Calls" description="Every call, text and chat the agent handled." soon="A live list of calls with transcripts, outcomes and links to leads and reservations." />;
}
