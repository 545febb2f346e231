"use client";

import { organizationClient, twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

import { ac, roles } from "@/lib/permissions";

export const authClient = createAuthClient({
  plugins: [
    organizationClient({ ac, roles }),
    twoFactorClient({
      onTwoFactorRedirect() {
        const next = new URLSearchParams(window.location.search).get("next");
        // This callback runs outside React (Better Auth's fetch plugin), so there is no router to push with.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        window.location.href = `/two-factor${next ? `?next=${encodeURIComponent(next)}` : ""}`;
      },
    }),
  ],
});

/** The message to show for a Better Auth client error. */
export function authErrorMessage(
  error: { message?: string; status?: number } | null | undefined,
  fallback = "Something went wrong. Try again.",
) {
  if (!error) return fallback;
  if (error.status === 429) return error.message || "Too many attempts. Wait a few minutes and try again.";
  return error.message || fallback;
}
