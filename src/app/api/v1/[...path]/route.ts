import { handleApiRequest } from "@/server/public-api/handle-request";

/** The public REST API (docs/api.md): every /api/v1 path goes through one handler. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handleApiRequest;
export const POST = handleApiRequest;
export const PATCH = handleApiRequest;
export const PUT = handleApiRequest;
export const DELETE = handleApiRequest;
