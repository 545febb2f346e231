import { CollectionsQueue } from "@/components/payments/collections-queue";

export const metadata = { title: "Collections" };

export default function Collections() {
  return <CollectionsQueue />;
}
