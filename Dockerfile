# One image for every Node service of Pulse (exporter, forecaster, simulator, traffic generator);
# compose picks the command. TypeScript runs directly through tsx, so there is no build step.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY bin ./bin
COPY common ./common
COPY exporter ./exporter
COPY forecaster ./forecaster
COPY alert-rules ./alert-rules
COPY demo ./demo
USER node
EXPOSE 9470 9471
CMD ["bin/pulse-exporter", "--config.file=/etc/pulse/pulse.yml"]
