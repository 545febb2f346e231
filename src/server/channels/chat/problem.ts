import "server-only";

import { PROBLEM_BASE, PROBLEMS } from "@/server/public-api/problem";

/**
 * Errors of the public chat endpoints, as RFC 9457 problem details in the public API's style
 * (same `type` base), with the kinds a widget can meet.
 */
export const CHAT_PROBLEMS = {
  "invalid-widget-key": { status: 401, title: "Unknown or rotated widget key" },
  "invalid-conversation-token": { status: 401, title: "Missing or invalid conversation token" },
  "widget-disabled": { status: 403, title: "The web chat is switched off for this facility" },
  "origin-not-allowed": { status: 403, title: "This site may not use the widget key" },
  "conversation-ended": { status: 409, title: "The conversation was closed" },
  // The rest mean what they mean in the public API.
  "not-found": PROBLEMS["not-found"],
  "method-not-allowed": PROBLEMS["method-not-allowed"],
  "validation-error": PROBLEMS["validation-error"],
  "invalid-json": PROBLEMS["invalid-json"],
  "unsupported-media-type": PROBLEMS["unsupported-media-type"],
  "payload-too-large": PROBLEMS["payload-too-large"],
  "rate-limited": PROBLEMS["rate-limited"],
  "internal-error": PROBLEMS["internal-error"],
} as const;
export type ChatProblemKind = keyof typeof CHAT_PROBLEMS;

export class ChatProblem extends Error {
  constructor(
    public readonly kind: ChatProblemKind,
    detail?: string,
    public readonly extra: {
      errors?: { location: "body" | "path"; path: string; message: string }[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail ?? CHAT_PROBLEMS[kind].title);
    this.name = "ChatProblem";
  }
  get status() {
    return CHAT_PROBLEMS[this.kind].status;
  }
  body(instance: string) {
    const { status, title } = CHAT_PROBLEMS[this.kind];
    return {
      type: PROBLEM_BASE + this.kind,
      title,
      status,
      detail: this.message,
      instance,
      ...(this.extra.errors?.length ? { errors: this.extra.errors } : {}),
    };
  }
}
