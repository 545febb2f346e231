import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";

import { Providers } from "@/components/providers";

export const metadata: Metadata = {
  title: { default: "Storage Agent", template: "%s · Storage Agent" },
  description: "An AI front desk for self-storage operators: every call, text and chat answered.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so each carries its own CSP nonce
  // (src/proxy.ts): Next puts it on its scripts. A prerendered page's scripts would be refused.
  await headers();
  return (
    <html lang="en" suppressHydrationWarning>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
