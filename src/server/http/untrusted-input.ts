/**
 * Limits for text that arrives from outside (request bodies, import files, socket messages), applied
 * before any parser sees it. One tenant's request must never take the process down for every tenant:
 * a parser that recurses over nesting (the YAML parser did, issue 20) or a body read whole into
 * memory is bounded here first, by size while reading and by nesting depth before parsing.
 */

import { jsonNestingExceeds, MAX_JSON_DEPTH } from "@/lib/untrusted-json";

/**
 * Webhook bodies (Twilio, Stripe) are a few kilobytes; a megabyte leaves room for any event either
 * sends and still bounds what an unauthenticated sender can make us buffer before the signature check.
 */
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Keep request bodies under ${maxBytes} bytes.`);
  }
}

/**
 * Reads a request body, refusing it as soon as it passes `maxBytes`: a declared Content-Length over
 * the limit is refused before reading, and a chunked body is counted as it streams, so a client
 * cannot make the server buffer more than the limit.
 */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The body as UTF-8 text, bounded; null when it is not valid UTF-8. */
export async function readBoundedText(request: Request, maxBytes: number): Promise<string | null> {
  const bytes = await readBoundedBody(request, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * A stream that passes a JSON body through while counting its bytes and its nesting, and fails the
 * stream (with the error `refuse` makes) as soon as either passes its limit, so a body handed to a
 * library that parses it itself (tRPC) is bounded before that library sees it whole. Brackets,
 * quotes and backslashes are ASCII and never occur inside a multi-byte UTF-8 sequence, so the bytes
 * can be scanned without decoding, across chunk boundaries.
 */
export function jsonGuardStream(
  limits: { maxBytes: number; maxDepth?: number },
  refuse: (reason: "too-large" | "too-deep") => Error,
): TransformStream<Uint8Array, Uint8Array> {
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  let size = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  return new TransformStream({
    transform(chunk, controller) {
      size += chunk.byteLength;
      if (size > limits.maxBytes) return controller.error(refuse("too-large"));
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]!;
        if (escaped) escaped = false;
        else if (inString) {
          if (b === 0x5c) escaped = true;
          else if (b === 0x22) inString = false;
        } else if (b === 0x22) inString = true;
        else if (b === 0x7b || b === 0x5b) {
          if (++depth > maxDepth) return controller.error(refuse("too-deep"));
        } else if (b === 0x7d || b === 0x5d) depth--;
      }
      controller.enqueue(chunk);
    },
  });
}

/**
 * For a library that reads the body itself (Better Auth): the request with its body read under the
 * limits and handed over as text, or the refusal to answer (413 too large, 400 too deep).
 */
export async function boundedJsonRequest(
  request: Request,
  limits: { maxBytes: number; maxDepth?: number },
): Promise<Request | Response> {
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return request;
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readBoundedBody(request, limits.maxBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return Response.json({ message: err.message }, { status: 413 });
    throw err;
  }
  // Non-JSON bodies are the library's to refuse; only the nesting of what it would parse matters here.
  if (jsonNestingExceeds(new TextDecoder().decode(body), limits.maxDepth ?? MAX_JSON_DEPTH))
    return Response.json({ message: "The request body nests too deeply." }, { status: 400 });
  return new Request(request, { body });
}

/**
 * The POST handler of a Stripe-signed webhook route: the raw body, bounded (the signature covers
 * exactly those bytes and is checked only once they are in), and the handler's outcome as JSON.
 */
export function stripeSignedWebhook(
  handle: (raw: Uint8Array, signature: string | null) => Promise<{ status: number; body: unknown }>,
) {
  return async function POST(request: Request): Promise<Response> {
    let raw: Uint8Array;
    try {
      raw = await readBoundedBody(request, WEBHOOK_MAX_BODY_BYTES);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return Response.json({ error: err.message }, { status: 413 });
      throw err;
    }
    const outcome = await handle(raw, request.headers.get("stripe-signature"));
    return Response.json(outcome.body, { status: outcome.status });
  };
}
