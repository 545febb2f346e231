import type { ToolContext } from "@/server/agent/tools";

import type { Understanding } from "./understand";

export type EndReason = "goodbye" | "transfer" | "message_taken" | "emergency_transfer" | "payment";
export interface TurnEnd {
  reason: EndReason;
  transferTo?: string | null;
  /** More numbers rung at the same time as transferTo (the facility's extra transfer numbers). */
  alsoRing?: string[];
  /** reason "payment": the <Pay> hand-off (amount and connector only; the card never passes through us). */
  payment?: PaymentHandoff;
}

export interface PaymentHandoff {
  id: string;
  amountCents: number;
  currency: string;
  connector: string;
}

/** What one default-brain turn works with: the tool context, the understood utterance, and how it ends. */
export interface PolicyTurn {
  ctx: ToolContext;
  utterance: Understanding;
  end: TurnEnd | null;
  /** The unit type quoted before this turn's words changed the slots ("is that climate controlled?" asks about it). */
  quotedBefore?: string;
  /** The unit type this turn's words chose among the kinds just named ("the second one"): it is quoted. */
  kindChosen?: string;
  /** The kinds of a size were named before this turn (a choice among them is named when quoted, not just priced). */
  kindsNamed?: boolean;
}
