# syntax=docker/dockerfile:1
# GUARD server image: `docker run -p 3000:3000 --env-file .env guard` (README "Run in a container").
# The first stage compiles the TypeScript to dist/ and keeps only production dependencies; the image
# runs that JavaScript with plain Node (no TypeScript loader, no compiler, no sources).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts stay off: `prepare` (the build) needs the sources, copied below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY config ./config
COPY src ./src
COPY handlers ./handlers
COPY providers ./providers
RUN npm run build && npm prune --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    GUARD_STATE=file:/app/.guard
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# app.yml is read at run time: the setup page registers the GitHub App from it.
COPY package.json package-lock.json app.yml ./
COPY bin ./bin
# The embedded file store needs a writable folder; everything else stays owned by root, read-only to
# the app. With a read-only root file system, mount a volume here or use GUARD_STATE=dynamodb:<table>.
RUN mkdir -p /app/.guard && chown node:node /app/.guard
USER node
EXPOSE 3000
# Slim images have no curl: Node's own fetch asks /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Kubernetes' SIGTERM reaches GUARD itself (exec form, PID 1); GUARD_SHUTDOWN_GRACE bounds its exit.
CMD ["node", "bin/guard.js", "serve"]
