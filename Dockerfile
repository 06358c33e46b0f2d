# redkube in one image: builds the project and runs `rk up` with Debian's redis-server.
#   docker build -t redkube .
#   docker run --rm -p 6443:6443 -v rk-data:/data redkube
#   (the kubeconfig is written to /data/kubeconfig)
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/build ./build
COPY --from=build /app/src/store/lua ./src/store/lua
ENV RK_DATA_DIR=/data
VOLUME /data
EXPOSE 6443
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["up", "--host", "0.0.0.0", "--port", "6443"]
