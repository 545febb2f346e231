/** SMS replies: short plain text (no markdown), whitespace collapsed, cut at a sentence when too long. */
import { stripMarkdown } from "./markdown";

/** Three GSM segments; longer messages cost more and arrive out of order on some carriers. */
export const SMS_MAX_LENGTH = 459;

export function formatForSms(text: string, maxLength: number = SMS_MAX_LENGTH): string {
  const plain = stripMarkdown(text)
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
  if (plain.length <= maxLength) return plain;
  // Cut at the last sentence end that fits; otherwise at a word boundary with an ellipsis.
  const head = plain.slice(0, maxLength);
  const sentenceEnd = Math.max(
    head.lastIndexOf(". "),
    head.lastIndexOf("? "),
    head.lastIndexOf("! "),
    head.lastIndexOf("\n"),
  );
  if (sentenceEnd >= maxLength / 2) return head.slice(0, sentenceEnd + 1).trim();
  const space = head.lastIndexOf(" ", maxLength - 1);
  return `${head.slice(0, space > 0 ? space : maxLength - 1).trimEnd()}…`;
}
