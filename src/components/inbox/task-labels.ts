/** Words and colours for task kinds, shared by the inbox and the Overview's summary. */
export const TASK_KIND_LABEL: Record<string, string> = {
  message: "Message",
  callback: "Callback",
  escalation: "Escalation",
  failed_transfer: "Failed transfer",
  follow_up: "Follow-up",
  other: "Other",
};

export const TASK_KIND_COLOR: Record<string, string> = {
  message: "orange",
  callback: "blue",
  escalation: "red",
  failed_transfer: "purple",
  follow_up: "teal",
  other: "gray",
};

/** "due in 2 h", "3 d overdue": the inbox is read at a glance, the exact time is in the title attribute. */
export function dueLabel(dueAt: Date, now = Date.now()): { text: string; overdue: boolean } {
  const ms = new Date(dueAt).getTime() - now;
  const abs = Math.abs(ms);
  const span =
    abs < 60_000
      ? "now"
      : abs < 3_600_000
        ? `${Math.round(abs / 60_000)} min`
        : abs < 86_400_000
          ? `${Math.round(abs / 3_600_000)} h`
          : `${Math.round(abs / 86_400_000)} d`;
  if (span === "now") return { text: "due now", overdue: false };
  return ms < 0 ? { text: `${span} overdue`, overdue: true } : { text: `due in ${span}`, overdue: false };
}
