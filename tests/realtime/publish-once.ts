/**
 * A second app process for the realtime test: publishes events through the app's own realtime
 * module and exits. Usage: tsx tests/realtime/publish-once.ts <organizationId> <conversationId> [...]
 * Each argument pair after the first is organizationId:conversationId.
 */
import { closeDb } from "@/server/db/client";
import { publish } from "@/server/realtime/publish";

for (const pair of process.argv.slice(2)) {
  const [organizationId, conversationId] = pair.split(":");
  await publish(organizationId!, { type: "conversation.started", conversationId: conversationId!, channel: "voice" });
}
await closeDb();
