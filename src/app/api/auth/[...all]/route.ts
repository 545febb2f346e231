import { toNextJsHandler } from "better-auth/next-js";

import { auth } from "@/server/auth";
import "@/server/billing/seat-guard"; // the plan's member limit on Better Auth's own invite endpoint (issue 20)
import { boundedJsonRequest } from "@/server/http/untrusted-input";

const handlers = toNextJsHandler(auth);

/** Auth bodies are a few fields: bounded in size and nesting before Better Auth parses them (issue 20). */
const AUTH_MAX_BODY_BYTES = 64 * 1024;

export const GET = handlers.GET;
export async function POST(request: Request) {
  const bounded = await boundedJsonRequest(request, { maxBytes: AUTH_MAX_BODY_BYTES });
  return bounded instanceof Response ? bounded : handlers.POST(bounded);
}
