# syntax=docker/dockerfile:1
# The api and the worker in one image (docker-compose.yml runs both):
#   docker build -t saas-leader-follower .
#   docker run ... saas-leader-follower                                  # api on :3000
#   docker run ... saas-leader-follower node dist/apps/worker/main.js    # worker
# Node 24 (the current LTS line; .ci/run runs the whole test suite on it as well as on Node 20).
# test/deploy/production-layout.e2e-spec.ts builds the runtime stage's layout the way this file
# does (the same `npm ci` command, the same COPY --from=build paths, the same CMD) and runs it.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: every dependency, then the api, the worker and the admin portal ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Lockfiles first: the dependency layer is rebuilt only when they change. The root postinstall
# installs the portal's dependencies (frontend/) too.
COPY package.json package-lock.json ./
COPY frontend/package.json frontend/package-lock.json ./frontend/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:portal

# ---- runtime: production dependencies only, the built output, a non-root user ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# --omit=dev: no embedded-postgres, no Nest CLI, rspack, swc, Jest or Angular toolchain.
# --ignore-scripts: the root postinstall would install the portal's toolchain; no production
# dependency needs an install script (bcrypt loads its bundled N-API prebuild).
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/frontend/dist/portal/browser ./frontend/dist/portal/browser
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself (the api and the worker shut down
# gracefully on it); no shell in between to swallow the signal. The node flags are the api's heap
# budget (scripts/api-node-flags.mjs says why; every start command of the api passes the same).
CMD ["node", "--max-old-space-size=384", "--max-semi-space-size=4", "dist/apps/api/main.js"]
