import { handleChatRequest } from "@/server/channels/chat/handle-request";

/** The web chat widget's public endpoints (docs/web-chat.md): one handler for every /api/chat path. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handleChatRequest;
export const POST = handleChatRequest;
export const OPTIONS = handleChatRequest;
