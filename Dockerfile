# The afo control container: run `afo deploy` from any machine with Docker or podman.
#   docker build -t afo .
#   docker run --rm -it -v "$PWD/inventories:/work/inventories:ro" -v "$HOME/.ssh:/root/.ssh:ro" \
#     afo inventory -i inventories/opengauss/hosts.ini --list
# Offline (no registry; what `npm run container` does with podman):
#   --build-arg BASE_IMAGE=<a local node 24 image with openssh-client>  --build-arg NPM_CI_FLAGS=--offline
#   with container/npm-cache filled with every package of package-lock.json.
ARG BASE_IMAGE=node:24-bookworm-slim

FROM ${BASE_IMAGE} AS build
ARG NPM_CI_FLAGS=""
WORKDIR /src
# Dependencies first, so this layer is reused until package.json/package-lock.json change.
# container/npm-cache is empty in git (npm then fetches from the registry as usual).
COPY package.json package-lock.json ./
COPY container/npm-cache /tmp/npm-cache
RUN npm ci --no-audit --no-fund --cache /tmp/npm-cache $NPM_CI_FLAGS && rm -rf /tmp/npm-cache
COPY . .
# npm pack ships exactly the package.json "files" (dist/src, roles, templates, inventories).
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund $NPM_CI_FLAGS \
 && npm pack --silent --ignore-scripts --pack-destination /tmp \
 && mkdir -p /opt/afo && tar -xzf /tmp/afo-*.tgz -C /opt/afo --strip-components=1 \
 && mv node_modules /opt/afo/ \
 && chmod 755 /opt/afo/dist/src/cli/main.js

FROM ${BASE_IMAGE}
# ssh for users' ssh-agent and known_hosts; an offline base image already has it.
RUN command -v ssh >/dev/null || { apt-get update \
    && apt-get install -y --no-install-recommends openssh-client ca-certificates \
    && rm -rf /var/lib/apt/lists/*; }
COPY --from=build /opt/afo /opt/afo
RUN ln -s /opt/afo/dist/src/cli/main.js /usr/local/bin/afo
WORKDIR /work
ENTRYPOINT ["afo"]
CMD ["--help"]
