# syntax=docker/dockerfile:1
# GUARD server image: `docker run -p 3000:3000 --env-file .env guard` (README "Run in a container").
# Sources are TypeScript run through tsx (a production dependency), so there is no build step: the
# first stage only installs production dependencies from the lockfile.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    GUARD_STATE=file:/app/.guard
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# app.yml is read at run time: the setup page registers the GitHub App from it.
COPY package.json package-lock.json app.yml ./
COPY bin ./bin
COPY config ./config
COPY src ./src
COPY handlers ./handlers
COPY providers ./providers
# The embedded file store needs a writable folder; everything else stays owned by root, read-only to
# the app. With a read-only root file system, mount a volume here or use GUARD_STATE=dynamodb:<table>.
RUN mkdir -p /app/.guard && chown node:node /app/.guard
USER node
EXPOSE 3000
# Slim images have no curl: Node's own fetch asks /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/guard.js", "serve"]
