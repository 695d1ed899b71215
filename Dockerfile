# The housing security information system in one image: Koa API + built Svelte client.
# It needs a PostgreSQL/PostGIS database given as DATABASE_URL (see docker-compose.yml); without it,
# scripts/start.ts would try to run an embedded cluster, which this image does not contain.
FROM node:20-bookworm-slim

# Noto CJK: the Chinese font of the generated PDFs (registration notices, public notices).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The node image's unprivileged "node" user (uid 1000) owns the app so that start.ts could rebuild the client
# at run time if it ever had to; normally the build below is stamped and the container start skips it.
RUN chown node:node /app
USER node

# Dependencies first, in their own layer. Dev dependencies are kept on purpose: the server runs its TypeScript
# through tsx (a devDependency, no separate compile step) and vite builds the client. Pruning them
# (npm prune --omit=dev) would remove tsx and break the CMD below.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY --chown=node:node . .
# Build the client at image build time and stamp client/dist/.build-hash with the sources' hash, so that
# scripts/start.ts sees an up-to-date build and does not rebuild when the container starts.
RUN npx vite build --config client/vite.config.ts && npx tsx scripts/start/client-build.ts --stamp

# The electronic archive's scans (ARCHIVE_DIR): a volume in docker-compose.yml. Created here, owned by "node",
# so the named volume starts with that owner (Docker copies the image directory's ownership into a new volume).
RUN mkdir -p var/archive

ENV HOST=0.0.0.0 \
    PORT=8080
EXPOSE 8080

# No curl in the slim image: Node's fetch does the check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# Same as `npx tsx scripts/start.ts` (npm start), but with node itself as PID 1 so that `docker stop`'s SIGTERM
# reaches start.ts directly (no npx/tsx wrapper processes relaying signals): it closes the server and exits 0.
CMD ["node", "--import", "tsx", "scripts/start.ts"]
