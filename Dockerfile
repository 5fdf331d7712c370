# The afo control container: run `afo deploy` from any machine with Docker/podman.
#   docker build -t afo .
#   docker run --rm -it -v "$PWD/inventories:/work/inventories" -v "$HOME/.ssh:/root/.ssh:ro" afo deploy -i inventories/opengauss/hosts.ini
# Offline builds: pass --build-arg BASE_IMAGE=<a local node:24 image>.
ARG BASE_IMAGE=node:24-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --no-audit --no-fund
COPY src ./src
RUN npx tsc -p tsconfig.json && npm prune --omit=dev

FROM ${BASE_IMAGE}
RUN apt-get update && apt-get install -y --no-install-recommends openssh-client ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/afo
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY package.json ./
COPY roles ./roles
COPY templates ./templates
COPY inventories ./inventories
RUN ln -s /opt/afo/dist/src/cli/main.js /usr/local/bin/afo && chmod +x dist/src/cli/main.js
WORKDIR /work
ENTRYPOINT ["afo"]
CMD ["--help"]
