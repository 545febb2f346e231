import type { Expecting } from "../state";
import type { PolicyTurn } from "../turn";
import { fillAnythingElse } from "./anything-else";
import { fillConfirm } from "./confirm";
import { fillEmail } from "./email";
import { fillFacility } from "./facility";
import { fillMessageText } from "./message";
import { fillMoveInDate } from "./move-in-date";
import { fillName } from "./name";
import { fillPhone } from "./phone";
import { fillSize } from "./size";
import { fillVerification } from "./verification";

/**
 * One handler per thing the agent can be waiting for (state.expecting). A handler fills its slot
 * and answers, or returns null when the words are not an answer, so they are routed as a new request.
 */
export type ExpectedHandler = (turn: PolicyTurn) => Promise<string | null>;

export const EXPECTED: Record<NonNullable<Expecting>, ExpectedHandler> = {
  size: fillSize,
  facility: fillFacility,
  move_in_date: fillMoveInDate,
  name: fillName,
  phone: fillPhone,
  email: fillEmail,
  confirm: fillConfirm,
  verification: fillVerification,
  message: fillMessageText,
  anything_else: fillAnythingElse,
};
