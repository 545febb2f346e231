import { CallsList } from "@/components/calls/calls-list";

export const metadata = { title: "Calls" };

export default function Page() {
  return <CallsList />;
}
