import { DBOS } from "@dbos-inc/dbos-sdk";

import { closeIdleChats, closeIdleSmsThreads } from "@/server/channels/close-idle";
import { log } from "@/server/log";

import { WORKFLOWS } from "../names";

/**
 * Every five minutes: web chats quiet for half an hour, and SMS threads quiet for a day, are closed
 * (channels/close-idle.ts; docs/web-chat.md, docs/twilio.md). The workflow keeps its first name
 * (a renamed workflow strands its runs). Closing twice is harmless (endConversation keeps the first
 * end, the post-conversation workflow id is the conversation's), so a retried step does no harm.
 */
async function idleChatsWorkflow(_scheduledAt: Date, _context: unknown) {
  const chats = await DBOS.runStep(() => closeIdleChats(), {
    name: "close",
    retriesAllowed: true,
    maxAttempts: 3,
    intervalSeconds: 10,
  });
  if (chats.closed) log.info(chats, "idle web chats closed");
  const texts = await DBOS.runStep(() => closeIdleSmsThreads(), {
    name: "close-sms",
    retriesAllowed: true,
    maxAttempts: 3,
    intervalSeconds: 10,
  });
  if (texts.closed) log.info(texts, "idle SMS threads closed");
}

export const idleChats = DBOS.registerWorkflow(idleChatsWorkflow, { name: WORKFLOWS.idleChats });
