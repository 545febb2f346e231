import type { FollowUpTemplate } from "@/server/db/schema";
import { formatCents } from "@/server/domain/pricing/money";

/**
 * The words of each follow-up text. Short, one question each, always with the opt-out hint the
 * carrier expects on marketing-like texts, and never a price we did not compute.
 */
export interface FollowUpContext {
  firstName: string | null;
  facilityName: string;
  unit: { name: string; monthlyCents: number } | null;
}

export function followUpText(template: FollowUpTemplate, c: FollowUpContext): string {
  const hi = c.firstName ? `Hi ${c.firstName}, ` : "Hi, ";
  const unit = c.unit ? `the ${c.unit.name} at ${formatCents(c.unit.monthlyCents)}/mo` : "a unit";
  switch (template) {
    case "quote":
      return `${hi}thanks for contacting ${c.facilityName}! ${c.unit ? `Your quote: ${unit}.` : "We'd be glad to find you the right unit."} Reply here to reserve or ask anything. Reply STOP to opt out.`;
    case "reminder":
      return `${hi}just checking in from ${c.facilityName}. ${c.unit ? `We're still holding prices on ${unit}.` : "We still have units available."} Want me to reserve one for you? Reply STOP to opt out.`;
    case "last":
      return `${hi}last note from ${c.facilityName}: if you still need storage, reply here and we'll set you up in minutes. Reply STOP to opt out.`;
  }
}
