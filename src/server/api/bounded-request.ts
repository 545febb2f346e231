import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";

import { IMPORT_MAX_BYTES } from "@/server/domain/import/parse-import";
import { jsonNestingExceeds } from "@/lib/untrusted-json";
import { jsonGuardStream } from "@/server/http/untrusted-input";

/**
 * tRPC parses request bodies itself (req.json()), so the body is bounded on its way in: the largest
 * input is an import file, escaped inside the JSON body (each quote or newline doubles), and no
 * procedure's input nests anywhere near this deep. A body past either limit fails while streaming,
 * and tRPC answers it as the error below.
 */
export const TRPC_MAX_BODY_BYTES = 2 * IMPORT_MAX_BYTES + 64 * 1024;
export const TRPC_MAX_DEPTH = 64;

const refuse = (reason: "too-large" | "too-deep") =>
  reason === "too-large"
    ? new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: `Keep requests under ${TRPC_MAX_BODY_BYTES} bytes.` })
    : new TRPCError({ code: "BAD_REQUEST", message: `The request nests deeper than ${TRPC_MAX_DEPTH} levels.` });

/**
 * The request with its body (POST) or its `input` query parameter (GET) bounded, or an error
 * to answer straight away.
 */
export function boundTrpcRequest(req: Request): Request | TRPCError {
  if (req.method === "GET") {
    const input = new URL(req.url).searchParams.get("input");
    return input && jsonNestingExceeds(input, TRPC_MAX_DEPTH) ? refuse("too-deep") : req;
  }
  if (Number(req.headers.get("content-length") ?? "0") > TRPC_MAX_BODY_BYTES) return refuse("too-large");
  if (!req.body) return req;
  return new Request(req, {
    body: req.body.pipeThrough(jsonGuardStream({ maxBytes: TRPC_MAX_BODY_BYTES, maxDepth: TRPC_MAX_DEPTH }, refuse)),
    duplex: "half",
  } as RequestInit);
}

/** A refusal in tRPC's error shape (superjson-wrapped), for requests turned away before tRPC runs. */
export function trpcErrorResponse(error: TRPCError): Response {
  const httpStatus = getHTTPStatusCodeFromError(error);
  return Response.json(
    {
      error: {
        json: {
          message: error.message,
          code: TRPC_ERROR_CODES_BY_KEY[error.code],
          data: { code: error.code, httpStatus },
        },
      },
    },
    { status: httpStatus },
  );
}
