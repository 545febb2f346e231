import type { Cell, ColumnFormat } from "@/server/reports/types";

/**
 * One cell as text. CSV keeps money plain ("1234.50") so spreadsheets read numbers; the PDF is for
 * people ("$1,234.50").
 */
export function formatCell(value: Cell, format: ColumnFormat, style: "csv" | "print"): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "string") return value;
  switch (format) {
    case "money": {
      const dollars = (Math.abs(value) / 100).toFixed(2);
      const sign = value < 0 ? "-" : "";
      if (style === "csv") return `${sign}${dollars}`;
      const [whole, cents] = dollars.split(".");
      return `${sign}$${Number(whole).toLocaleString("en-US")}.${cents}`;
    }
    case "percent":
      return `${(value * 100).toFixed(1)}%`;
    case "int":
      return style === "csv" ? String(value) : value.toLocaleString("en-US");
    default:
      return String(value);
  }
}
