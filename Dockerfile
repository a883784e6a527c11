# One image for every Node service of Pulse (exporter, forecaster, simulator, traffic generator);
# compose picks the command. The exporter and the forecaster run as compiled JavaScript
# (PULSE_DIST=1: bin/ runs dist/), which starts faster and holds about 55 MB less than running
# the TypeScript through tsx; the demo services and the tools still run their sources through tsx.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY common ./common
COPY exporter ./exporter
COPY export ./export
COPY forecaster ./forecaster
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PULSE_DIST=1
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY bin ./bin
COPY common ./common
COPY exporter ./exporter
COPY export ./export
COPY forecaster ./forecaster
COPY alert-rules ./alert-rules
COPY demo ./demo
COPY --from=build /app/dist ./dist
USER node
EXPOSE 9470 9471
CMD ["bin/pulse-exporter", "--config.file=/etc/pulse/pulse.yml"]
