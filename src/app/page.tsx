import { Landing } from "@/components/marketing/landing";
import { getServerSession } from "@/server/auth/server-session";

export const dynamic = "force-dynamic";

export default async function Home() {
  const session = await getServerSession();
  return <Landing signedIn={Boolean(session)} />;
}
