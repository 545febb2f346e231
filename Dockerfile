# syntax=docker/dockerfile:1
# Storage Agent: one image for the app server (server.ts), the workflow worker and the migration
# job; docs/deploy.md. Build: docker build -t storage-agent . (the Next build runs inside).

ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Every dependency, to build. Install scripts stay off: the only ones the app needs (esbuild,
#    embedded-postgres) matter for development, and production always sets DATABASE_URL.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts

# 2. The production build of the Next app.
FROM deps AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm run build

# 3. Production dependencies only (tsx runs server.ts and the scripts; it is a dependency).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts --omit=dev && npm cache clean --force

# 4. The runtime: no compilers, no dev dependencies, a non-root user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/.data
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/.next ./.next
COPY --chown=node:node package.json tsconfig.json next.config.ts server.ts ./
COPY --chown=node:node public ./public
COPY --chown=node:node drizzle ./drizzle
COPY --chown=node:node src ./src
COPY --chown=node:node scripts ./scripts
COPY --chown=node:node docs/examples ./docs/examples
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# Readiness, as the balancer sees it: 503 while migrations are pending or the process drains.
HEALTHCHECK --interval=10s --timeout=4s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1's child under `docker run --init` / compose `init: true`, and gets SIGTERM
# directly (no npm or tsx CLI in between): graceful shutdown, exit 0 (docs/deploy.md). The first
# preload, plain JavaScript, holds a SIGTERM that comes while tsx is still loading, so a stop during
# start-up exits 0 too.
# The worker:    node --import ./src/server/lifecycle/early-signals.mjs --import tsx scripts/worker.ts
# Migrations:    node --import tsx scripts/db-migrate.ts
CMD ["node", "--import", "./src/server/lifecycle/early-signals.mjs", "--import", "tsx", "server.ts"]
