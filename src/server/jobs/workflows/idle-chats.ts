import { DBOS } from "@dbos-inc/dbos-sdk";

import { closeIdleChats } from "@/server/channels/chat/close-idle";
import { log } from "@/server/log";

import { WORKFLOWS } from "../names";

/**
 * Web chats quiet for half an hour are closed every five minutes (docs/web-chat.md). Closing twice is
 * harmless (endConversation keeps the first end, the post-conversation workflow id is the
 * conversation's), so a retried step after a crash does no harm.
 */
async function idleChatsWorkflow(_scheduledAt: Date, _context: unknown) {
  const result = await DBOS.runStep(() => closeIdleChats(), { name: "close", retriesAllowed: true, maxAttempts: 3, intervalSeconds: 10 });
  if (result.closed) log.info(result, "idle web chats closed");
}

export const idleChats = DBOS.registerWorkflow(idleChatsWorkflow, { name: WORKFLOWS.idleChats });
