/**
 * The intents the default brain recognises. The corpus (corpus/intents/*.yaml) has one file per intent;
 * the dialogue policy maps each intent to a flow. Keep this list, the corpus and docs/agent-nlu.md in step.
 */
export const INTENTS = [
  "greeting",
  "price_inquiry",
  "availability_inquiry",
  "size_advice",
  "reserve_unit",
  "hours_inquiry",
  "access_hours_inquiry",
  "address_directions",
  "promotions_inquiry",
  "protection_plan_inquiry",
  "move_in_requirements",
  "payment_inquiry",
  "balance_inquiry",
  "gate_code_request",
  "cancel_reservation",
  "speak_to_person",
  "leave_message",
  "policy_question",
  "affirm",
  "deny",
  "provide_info",
  "goodbye",
  "thanks",
  "emergency",
  "out_of_scope",
  "unclear",
] as const;

export type Intent = (typeof INTENTS)[number];

export const INTENT_DESCRIPTIONS: Record<Intent, string> = {
  greeting: "Hello / opening pleasantries with no request yet.",
  price_inquiry: "How much a unit (or a size) costs per month; rates, fees, quotes.",
  availability_inquiry: "Whether a size or kind of unit is available / in stock right now.",
  size_advice: "Which size fits my stuff (a one-bedroom, a car, boxes); what fits in a 10x10.",
  reserve_unit: "Wants to book, hold or rent a unit now.",
  hours_inquiry: "Office / front desk opening hours.",
  access_hours_inquiry: "When tenants can get through the gate / reach their unit (access hours, 24h access).",
  address_directions: "Where the facility is, address, directions, landmarks, parking for the visit.",
  promotions_inquiry: "Specials, discounts, first month free, coupons.",
  protection_plan_inquiry: "Protection plan, insurance, coverage for stored goods.",
  move_in_requirements: "What to bring / do to move in: ID, lock, lease, deposit, paperwork.",
  payment_inquiry: "Existing customer wants to pay rent, change card, autopay, pay online.",
  balance_inquiry: "Existing customer asks what they owe, due date, late fees on their account.",
  gate_code_request: "Existing customer asks for or cannot get their gate / access code.",
  cancel_reservation: "Cancel an existing reservation (or move-out notice).",
  speak_to_person: "Wants a human, manager, front desk, transfer.",
  leave_message: "Wants to leave a message or get a call back.",
  policy_question:
    "General FAQ: what can be stored, truck rental, boxes, pets, insurance requirements, move-out notice, late policy.",
  affirm: "Yes / correct / sounds good.",
  deny: "No / that's wrong / not now.",
  provide_info: "Answering a question with a name, date, number, e-mail or unit number.",
  goodbye: "Ending the conversation.",
  thanks: "Thanking without ending or asking anything else.",
  emergency: "Break-in, fire, injury, flooding, police, or a lawyer / legal threat: transfer at once.",
  out_of_scope: "Something a storage front desk does not handle (weather, pizza, jokes, other businesses).",
  unclear: "Fragments, noise, 'what?', 'hello? are you there' — nothing to act on.",
};

export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}
