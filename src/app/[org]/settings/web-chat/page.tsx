import { WebChatSettings } from "@/components/settings/web-chat-settings";

export const metadata = { title: "Web chat" };

export default function WebChatPage() {
  return <WebChatSettings />;
}
