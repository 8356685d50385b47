# One image for the worker, the API and migrations; the command picks the process.
# Build stage: compile the entry points, bundle the workflows once, and refuse an image whose bundle fails replay.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
COPY test/replay ./test/replay
# The build id workers announce to Temporal (Worker Deployment Versioning): pass the version and commit.
ARG BUILD_ID
RUN test -n "$BUILD_ID" || (echo "pass --build-arg BUILD_ID=<version>+<commit>" && exit 1)
RUN TEMPORAL_BUILD_ID="$BUILD_ID" node --import tsx scripts/build.ts \
 && node --import tsx test/replay/run.ts --bundle dist/workflow-bundle.js

# Run stage: production dependencies and the build output only; `init: true` (compose) puts an init process at PID 1.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY config ./config
COPY --from=build /app/dist ./dist
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
USER node
EXPOSE 3000
CMD ["node", "dist/main-api.js"]
