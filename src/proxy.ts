import { NextResponse, type NextRequest } from "next/server";

import { contentSecurityPolicy, pusherOrigins } from "@/lib/content-security-policy";

/**
 * Next 16's proxy (formerly middleware): a fresh Content-Security-Policy nonce for every page
 * (src/lib/content-security-policy.ts). The policy goes on the request, where Next finds the nonce and
 * puts it on its scripts, and on the response, where the browser enforces it. The root layout reads
 * the request's headers, so every page renders per request (a prerendered page would carry no nonce).
 * API routes, Next's static files and the widget's script keep server.ts's baseline headers.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({
    nonce,
    development: process.env.NODE_ENV === "development",
    connect: pusherOrigins({
      PUSHER_KEY: process.env.PUSHER_KEY,
      PUSHER_CLUSTER: process.env.PUSHER_CLUSTER,
      PUSHER_HOST: process.env.PUSHER_HOST,
    }),
  });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon\\.ico|icon\\.svg|widget\\.js|metrics).*)",
      // Prefetches are not rendered pages: they reuse the page's nonce.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
