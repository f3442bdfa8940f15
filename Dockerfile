# Switchboard's image: TypeScript runs as is through tsx (a runtime dependency, as is prisma, which
# generates the client below). No install scripts run: nothing native is downloaded.
FROM node:20-bookworm-slim

ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

COPY . .
RUN npm run db:generate --silent && mkdir -p /data && chown node:node /data

USER node
EXPOSE 3000
# Node itself, not npm or a shell, so SIGTERM reaches the app (run with an init, e.g. compose's `init: true`).
CMD ["node", "--import", "tsx", "src/main.ts"]
