import { eq, gte, inArray, type SQL } from "drizzle-orm";
import { z } from "zod";

import { CONVERSATION_OUTCOMES, conversation, message } from "@/server/db/schema";

import {
  loadConversationJson,
  loadMessageJson,
  selectConversations,
  selectMessages,
  TEXT_CHANNELS,
  toMessages,
  withTranscripts,
} from "@/server/read-model/conversation";
import { e164Filter, facilityIdFilter, phoneFilter, sinceDate, updatedSince, ZIdParams } from "../filters";
import { keyset, page, pageWhere, ZPage, ZPageQuery } from "../pagination";
import { defineRoute } from "../route";
import { PUBLIC_CHANNELS, ZConversation, ZMessage } from "@/server/read-model/schemas";
import { isoDateTime } from "@/lib/zod-dates";

/**
 * Calls and conversations with their transcripts, and the texts of SMS threads and web chats.
 * /calls is /conversations narrowed to phone calls: an SMS thread's id is 404 there.
 */
const startedSince = isoDateTime()
  .optional()
  .describe("Only conversations that started at or after this time (ISO 8601).");
const conversationFilters = {
  phone: phoneFilter.describe("The customer's phone in any common format; matched as E.164."),
  facility_id: facilityIdFilter,
  lead_id: z.uuid().optional().describe("Only this lead's conversations."),
  status: z.enum(["active", "ended"]).optional(),
  outcome: z.enum(CONVERSATION_OUTCOMES).optional(),
  started_since: startedSince,
  updated_since: updatedSince,
};
const ZConversationQuery = ZPageQuery.extend(conversationFilters);
const ZConversationPage = ZPage(ZConversation, "ConversationPage");

type ConversationQuery = z.output<typeof ZConversationQuery> & { channel?: (typeof PUBLIC_CHANNELS)[number] };

function conversationList(where: (q: ConversationQuery) => SQL | undefined) {
  return async ({
    tx,
    organizationId,
    query,
  }: {
    tx: Parameters<typeof selectConversations>[0];
    organizationId: string;
    query: ConversationQuery;
  }) => {
    const ks = keyset(conversation.createdAt, conversation.id, query.cursor);
    const phone = e164Filter(query.phone);
    const started = sinceDate(query.started_since);
    const updated = sinceDate(query.updated_since);
    const rows = await selectConversations(
      tx,
      pageWhere(
        eq(conversation.organizationId, organizationId),
        where(query),
        phone ? eq(conversation.fromAddress, phone) : undefined,
        query.facility_id ? eq(conversation.facilityId, query.facility_id) : undefined,
        query.lead_id ? eq(conversation.leadId, query.lead_id) : undefined,
        query.status ? eq(conversation.status, query.status) : undefined,
        query.outcome ? eq(conversation.outcome, query.outcome) : undefined,
        started && gte(conversation.startedAt, started),
        updated && gte(conversation.updatedAt, updated),
        ks.where,
      ),
    )
      .orderBy(...ks.orderBy)
      .limit(query.limit + 1);
    const p = page(rows, query.limit, (r) => r.c);
    return { ...p, data: await withTranscripts(tx, organizationId, p.data) };
  };
}

const isVoice = eq(conversation.channel, "voice");

export const conversationRoutes = [
  defineRoute({
    method: "GET",
    path: "/calls",
    operationId: "listCalls",
    tag: "Calls and messages",
    summary: "List phone calls",
    description: "Phone calls with their transcripts, newest first. The same as /conversations?channel=voice.",
    query: ZConversationQuery,
    response: ZConversationPage,
    handler: conversationList(() => isVoice),
  }),
  defineRoute({
    method: "GET",
    path: "/calls/{id}",
    operationId: "getCall",
    tag: "Calls and messages",
    summary: "Get a phone call",
    params: ZIdParams,
    response: ZConversation,
    handler: ({ tx, organizationId, params }) => loadConversationJson(tx, organizationId, params.id, isVoice),
  }),
  defineRoute({
    method: "GET",
    path: "/conversations",
    operationId: "listConversations",
    tag: "Calls and messages",
    summary: "List conversations (calls, SMS threads, web chats)",
    description:
      "An SMS thread is one customer's texts to one of your numbers; a new one starts after a day of silence.",
    query: ZConversationQuery.extend({ channel: z.enum(PUBLIC_CHANNELS).optional() }),
    response: ZConversationPage,
    handler: conversationList((q) => (q.channel ? eq(conversation.channel, q.channel) : undefined)),
  }),
  defineRoute({
    method: "GET",
    path: "/conversations/{id}",
    operationId: "getConversation",
    tag: "Calls and messages",
    summary: "Get a conversation",
    params: ZIdParams,
    response: ZConversation,
    handler: ({ tx, organizationId, params }) => loadConversationJson(tx, organizationId, params.id),
  }),
  defineRoute({
    method: "GET",
    path: "/messages",
    operationId: "listMessages",
    tag: "Calls and messages",
    summary: "List text messages (SMS and web chat)",
    description:
      "Each customer text and each reply, newest first; a reply written in the same instant as the text it answers comes before it.",
    query: ZPageQuery.extend({
      conversation_id: z.uuid().optional().describe("Only this conversation's messages."),
      phone: phoneFilter.describe("The customer's phone in any common format; matched as E.164."),
      channel: z.enum(TEXT_CHANNELS).optional(),
      direction: z
        .enum(["inbound", "outbound"])
        .optional()
        .describe("inbound: the customer's texts; outbound: our replies."),
      created_since: isoDateTime().optional().describe("Only messages at or after this time (ISO 8601)."),
    }),
    response: ZPage(ZMessage, "MessagePage"),
    handler: async ({ tx, organizationId, query }) => {
      const ks = keyset(message.createdAt, message.id, query.cursor, message.seq);
      const phone = e164Filter(query.phone);
      const since = sinceDate(query.created_since);
      const rows = await selectMessages(
        tx,
        pageWhere(
          eq(message.organizationId, organizationId),
          query.conversation_id ? eq(message.conversationId, query.conversation_id) : undefined,
          phone ? eq(conversation.fromAddress, phone) : undefined,
          query.channel ? eq(conversation.channel, query.channel) : undefined,
          query.direction === "inbound"
            ? eq(message.role, "caller")
            : query.direction === "outbound"
              ? inArray(message.role, ["agent", "staff"])
              : undefined,
          since && gte(message.createdAt, since),
          ks.where,
        ),
      )
        .orderBy(...ks.orderBy)
        .limit(query.limit + 1);
      const p = page(rows, query.limit, (r) => r);
      return { ...p, data: await toMessages(tx, organizationId, p.data) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/messages/{id}",
    operationId: "getMessage",
    tag: "Calls and messages",
    summary: "Get a text message",
    params: ZIdParams,
    response: ZMessage,
    handler: ({ tx, organizationId, params }) => loadMessageJson(tx, organizationId, eq(message.id, params.id)),
  }),
];
