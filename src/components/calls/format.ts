/** Display helpers shared by the calls list and the call page. */
export { formatPhone } from "@/lib/format-phone";

export const CHANNEL_LABEL: Record<string, string> = {
  voice: "Call",
  sms: "Text",
  chat: "Chat",
  playground: "Playground",
};

export const OUTCOME_LABEL: Record<string, string> = {
  reservation: "Reservation",
  lead: "Lead",
  question_answered: "Answered",
  transfer: "Transferred",
  message: "Message taken",
  abandoned: "Abandoned",
};

export const OUTCOME_COLOR: Record<string, string> = {
  reservation: "green",
  lead: "blue",
  question_answered: "gray",
  transfer: "purple",
  message: "orange",
  abandoned: "red",
};

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "";
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m ? `${m}m ${String(s).padStart(2, "0")}s` : `${s}s`;
}

/** "Dec 6, 4:03:12 PM" in the organization's time zone (`timeZone`, from useOrg()). */
export const formatWhen = (d: Date | string, timeZone: string) =>
  new Date(d).toLocaleString("en-US", {
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
    timeZone,
  });
