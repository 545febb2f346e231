import { TeamSettings } from "@/components/settings/team-settings";

export const metadata = { title: "Team" };

export default function TeamPage() {
  return <TeamSettings />;
}
