/** Display helpers for the inventory pages: money is integer cents everywhere, shown as dollars here only. */
export const money = (cents: number) => (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });

/** Today's date as YYYY-MM-DD in the browser's zone (the server re-checks against the facility's zone). */
export function todayIso() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

export const label = (s: string) => s.replace(/_/g, " ");

export const STATUS_COLOR: Record<string, string> = {
  available: "green",
  reserved: "orange",
  occupied: "blue",
  unavailable: "gray",
  active: "green",
  cancelled: "gray",
  expired: "red",
  converted: "blue",
  new: "purple",
  contacted: "cyan",
  quoted: "orange",
  moved_in: "green",
  lost: "red",
};

/** Triggers a browser download of generated text (export). */
export function download(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}
