# syntax=docker/dockerfile:1
# GUARD image: `docker run guard validate --repo /repo` (mount a fleet checkout at /repo).

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY config ./config
COPY src ./src
COPY handlers ./handlers
COPY providers ./providers
USER node
ENTRYPOINT ["node", "/app/bin/guard.js"]
CMD ["--help"]
