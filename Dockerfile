# One image for the four Postroom apps and the migration job; docker-compose.yml picks the entry
# point per service with `command:` (the default below runs the scheduler).

# ---- build: every dependency, compile TypeScript to dist/ --------------------------------------
FROM node:20-bookworm-slim AS builder
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps apps
COPY libs libs
COPY scripts scripts
RUN npm run build

# ---- production dependencies only (dist/apps and dist/libs require no dev dependency) ---------
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime: root-owned, read-only code, run as the image's unprivileged `node` user ----------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules node_modules
COPY --from=builder /app/dist/apps dist/apps
COPY --from=builder /app/dist/libs dist/libs
USER node
# scheduler API, tracker, sender, bounce HTTP (each with /health); bounce SMTP listener; the ops
# listeners with /metrics (bound to OPS_HOST, 127.0.0.1 unless set: docker-compose.yml sets 0.0.0.0)
EXPOSE 3000 3001 3002 3003 2525 3100 3101 3102 3103
CMD ["node", "dist/apps/scheduler/src/main.js"]
