import { PhoneNumbersSettings } from "@/components/telephony/phone-numbers-settings";

export const metadata = { title: "Phone numbers" };

export default function PhoneNumbersPage() {
  return <PhoneNumbersSettings />;
}
