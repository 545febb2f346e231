import {
  CHANNELS,
  CONVERSATION_OUTCOMES,
  KB_KINDS,
  LEAD_SOURCES,
  LEAD_STATUSES,
  MESSAGE_ROLES,
  PROMOTION_KINDS,
  RESERVATION_STATUSES,
  UNIT_FEATURES,
  UNIT_STATUSES,
} from "@/server/db/schema";
import { PUBLIC_CHANNELS } from "@/server/read-model/schemas";

import { builder } from "./builder";

/** GraphQL enums from the same constants the database and REST use: `moved_in` is MOVED_IN. */
function enumOf<const T extends readonly string[]>(name: string, values: T, description?: string) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(values.map((v) => [v.toUpperCase(), { value: v }])) as {
      [K in T[number] as Uppercase<K>]: { value: K };
    },
  });
}

export const LeadStatus = enumOf("LeadStatus", LEAD_STATUSES);
export const LeadSource = enumOf("LeadSource", LEAD_SOURCES);
export const ReservationStatus = enumOf("ReservationStatus", RESERVATION_STATUSES);
export const UnitStatus = enumOf("UnitStatus", UNIT_STATUSES);
export const UnitFeature = enumOf("UnitFeature", UNIT_FEATURES);
export const PromotionKind = enumOf("PromotionKind", PROMOTION_KINDS);
export const PricingChannel = enumOf("PricingChannel", CHANNELS, "The channel a price or a reservation was made for.");
export const ConversationChannel = enumOf("ConversationChannel", PUBLIC_CHANNELS);
export const TextChannel = enumOf("TextChannel", ["sms", "chat"] as const);
export const ConversationOutcome = enumOf("ConversationOutcome", CONVERSATION_OUTCOMES);
export const MessageRole = enumOf("MessageRole", MESSAGE_ROLES);
export const Direction = enumOf("Direction", ["inbound", "outbound"] as const);
export const ConversationStatus = enumOf("ConversationStatus", ["active", "ended"] as const);
export const ConversationHandler = enumOf("ConversationHandler", ["agent", "staff"] as const);
export const KnowledgeBaseKind = enumOf("KnowledgeBaseKind", KB_KINDS);
