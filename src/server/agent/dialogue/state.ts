/**
 * The dialogue state kept in conversation.state (jsonb) between turns. Everything the policy needs to
 * continue a conversation lives here, so any app process can take the next turn.
 */
import type { PromotionKind, UnitFeature } from "@/server/db/schema";

/** What a promotion gives (value: cents, or basis points for percent_off), whatever the operator named it. */
export interface PromotionTerms {
  kind: PromotionKind;
  value: number;
  months: number;
}

export type Expecting =
  | null
  | "size"
  | "facility"
  | "move_in_date"
  | "name"
  | "phone"
  | "email"
  | "confirm"
  | "verification"
  | "message"
  | "anything_else";

export type Flow = null | "quote" | "reserve" | "message" | "verify" | "cancel";
/** What the caller asked for that needs verification first. */
export type AccountRequest = "balance" | "gate_code" | "cancel" | "payment";
export type Offer = null | "reserve" | "transfer" | "message" | "pay_link" | "pay_phone" | "directions";

/** A reservation made in this conversation, with what was booked and its price once the booking is read back. */
export interface BookedReservation {
  id: string;
  confirmationCode: string;
  what?: string;
  monthlyRateCents?: number;
  dueAtMoveInCents?: number;
  moveInDate?: string;
}

export interface DialogueState {
  expecting: Expecting;
  /** The question that made the agent ask "which location?", answered once the caller picks one. */
  pendingIntent?: string;
  flow: Flow;
  language: "en" | "es";
  /** The channel the caller is on (a playground conversation simulates one). */
  channel: "voice" | "sms" | "chat";
  facilityId: string | null;
  callerId: string | null;
  /**
   * The carrier vouched for the caller ID with full STIR/SHAKEN attestation (Twilio's StirVerstat
   * "TN-Validation-Passed-A"): only then is a voice caller ID worth more than a stated number.
   */
  callerAttested?: boolean;
  slots: {
    width?: number;
    length?: number;
    sizeHint?: string;
    /** What the caller stores, named as things ("a couch and 10 boxes"): sizeHint is then "load". */
    load?: { area: number; words: [string, string] };
    features?: UnitFeature[];
    unitTypeId?: string;
    unitTypeName?: string;
    monthlyRateCents?: number;
    dueAtMoveInCents?: number;
    promotionName?: string | null;
    /** The quoted promotion's terms, to say it in Spanish (say.ts promotionWords). */
    promotionTerms?: PromotionTerms | null;
    moveInDate?: string;
    /** A month said for moving in without its day ("in december"), "YYYY-MM": the day said next is in it. */
    moveInMonth?: string;
    name?: string;
    phone?: string;
    /** The phone was offered from caller ID and is awaiting a yes. */
    phoneFromCallerId?: boolean;
    email?: string;
    emailDeclined?: boolean;
    message?: string;
    /** The unit a caller leaving a message said they rent ("its mike from unit 12"): told to the office with it. */
    unit?: string;
    urgent?: boolean;
    /** The next open day offered for a move-in asked on a day the office is closed; a yes takes it. */
    proposedMoveIn?: string;
    /** The caller would rather not give a name: a message is taken without one. */
    nameDeclined?: boolean;
    /**
     * How many units the caller wants ("two 5x10s"), 2 or more. A reservation holds one unit, so they
     * are booked one at a time: after each booking the next is offered with the same details.
     */
    quantity?: number;
    /** Of `quantity`, how many this conversation has booked so far. */
    quantityBooked?: number;
    /** The caller was told the units are booked one at a time (said once). */
    quantityNoted?: boolean;
    /**
     * The kinds of one size just named with their prices ("For a 10x10, we have a drive-up unit at
     * $135/mo and a climate-controlled one at $159/mo."), cheapest first: "the second one", "the
     * cheaper one", "the $159 one" choose among them.
     */
    kinds?: { unitTypeId: string; monthlyRateCents: number }[];
  };
  offer: Offer;
  /** When the caller is asked to confirm a yes/no offer or read-back. */
  verification: {
    /**
     * The caller proved they hold the account (a possession factor): the reservation's confirmation
     * code, a one-time code texted to the phone on file, or a channel whose answers reach only that
     * phone (a text from it; an attested voice caller ID). Balance, cancelling and a gate code read
     * out need this.
     */
    verified: boolean;
    customerId?: string;
    /**
     * Name and phone matched an account but nothing proved possession: enough to text something to
     * the phone on file (a gate code under the "text_on_file" policy, a payment link), never to say it.
     */
    identifiedCustomerId?: string;
    /** The one-time code texted to the phone on file: its hash only, never the code. */
    oneTimeCode?: { hash: string; expiresAt: string; attempts: number; sends: number };
    reservationId?: string;
    name?: string;
    phone?: string;
    code?: string;
    attempts: number;
    /** Answers with neither a phone nor a code; after two the agent stops asking and offers a person. */
    misses?: number;
    /** Verification failed for good in this conversation: account requests are offered a person, not asked again. */
    gaveUp?: boolean;
    step?: "name" | "phone_or_code" | "one_time_code";
  };
  pendingAccount: AccountRequest | null;
  /** The reservation this conversation made last; what it costs is kept for "what's the total again?". */
  reservation?: BookedReservation | null;
  /** The reservations this conversation made before the last one ("two 5x10s"), oldest first. */
  earlierReservations?: BookedReservation[];
  leadId?: string | null;
  /** The current special was named in a quote (Settings > Agent can limit it to the first quote). */
  promotionMentioned?: boolean;
  unclearCount: number;
  silenceCount: number;
  /** After a person was offered for unclear input or silence. */
  offeredPerson: boolean;
  turns: number;
  /** A discount for who the caller is was the last answer (at turn `discountsAnswered`): "what about military?" asks another. */
  discountsAnswered?: number;
  /** What a yes to the message offered at turn `turn` is about ("Asked whether there is a student discount."). */
  messageAbout?: { note: string; turn: number };
  /** The office or gate hours were the last answer (at turn `turn`): "what about july 3rd?" asks them for that day. */
  hoursAnswered?: { kind: "hours" | "access"; turn: number };
  ended: boolean;
  /**
   * The answer given to a question asked while the agent waited for a message's text. The same
   * answer again means the caller repeated the question: it is then taken as the message.
   */
  messageAside?: string;
  /** The caller has a unit here (take_message found their rental): their questions are tasks, not sales leads. */
  existingTenant?: boolean;
  /** Messages saved in this conversation (the take_message tool); each is a task with its own source key. */
  messagesTaken?: number;
  /**
   * The last price quoted (get_quote for a unit the caller asked about), kept after the slots move on
   * or a booking clears them: what a lead made at the end of the conversation says was discussed.
   */
  quoted?: {
    facilityId: string;
    unitTypeId: string;
    unitTypeName: string;
    widthFt: number;
    lengthFt: number;
    monthlyRateCents: number;
  } | null;
  /** The caller was asked for a name to note a quote ("so I can note this price for you"); asked once. */
  askedNameForQuote?: boolean;
  /** The caller said goodbye and was asked for a name first: the goodbye follows the answer. */
  goodbyeAfterName?: boolean;
  /** The end-of-conversation save ran (engine.endConversation): it runs once. */
  wrappedUp?: boolean;
  /** A message flow set aside for a sales request ("how much is a 5x10?"); offered again if the caller does not book. */
  messagePaused?: boolean;
  /** The last slot question asked and how many turns in a row it was asked with no progress (the loop guard). */
  lastAsk?: { key: string; count: number; said?: string };
  /** Seq of the last agent message and how that turn ended: lets a retried turn be replayed exactly. */
  lastAgentSeq?: number;
  lastEnd?: {
    reason: "goodbye" | "transfer" | "message_taken" | "emergency_transfer" | "payment";
    transferTo?: string | null;
    payment?: { id: string; amountCents: number; currency: string; connector: string };
  } | null;
}

export function initialState(input: {
  language?: "en" | "es";
  channel: DialogueState["channel"];
  facilityId: string | null;
  callerId: string | null;
  callerAttested?: boolean;
}): DialogueState {
  return {
    expecting: null,
    flow: null,
    language: input.language ?? "en",
    channel: input.channel,
    facilityId: input.facilityId,
    callerId: input.callerId,
    ...(input.callerAttested ? { callerAttested: true } : {}),
    slots: {},
    offer: null,
    verification: { verified: false, attempts: 0 },
    pendingAccount: null,
    reservation: null,
    leadId: null,
    unclearCount: 0,
    silenceCount: 0,
    offeredPerson: false,
    turns: 0,
    ended: false,
  };
}

/** A state read back from jsonb, with defaults for anything an older turn did not write. */
export function readState(raw: unknown, fallback: Parameters<typeof initialState>[0]): DialogueState {
  const base = initialState(fallback);
  if (!raw || typeof raw !== "object" || !("expecting" in raw)) return base;
  const state = raw as Partial<DialogueState>;
  return {
    ...base,
    ...state,
    slots: { ...(state.slots ?? {}) },
    verification: { ...base.verification, ...(state.verification ?? {}) },
  };
}
