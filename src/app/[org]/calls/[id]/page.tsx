import { CallDetail } from "@/components/calls/call-detail";

export const metadata = { title: "Call" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <CallDetail id={id} />;
}
