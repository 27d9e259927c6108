# Multi-stage build: a static realtybot binary on a minimal non-root image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# .dockerignore keeps .git (and .env, data/) out of the context, so the
# version and commit come as build args: realtybot version prints them.
#   docker build --build-arg VERSION=$(git describe --tags --always) --build-arg COMMIT=$(git rev-parse HEAD) .
ARG VERSION=dev
ARG COMMIT=unknown
RUN CGO_ENABLED=0 go build -trimpath \
    -ldflags="-s -w -X realtybot/app.Version=${VERSION} -X realtybot/app.Commit=${COMMIT}" \
    -o /out/realtybot ./cmd/realtybot
# DATA_DIR must be writable by the non-root user: it holds the quota ledger's
# journal (with Redis too) and, without Redis, the embedded store.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
# distroless/static carries the CA certificates the ATTOM, Telegram and
# Google clients need, and runs as uid 65532.
COPY --from=build /out/realtybot /realtybot
COPY --from=build --chown=65532:65532 /out/data /data
ENV DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
# distroless has no shell or curl: the binary asks its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/realtybot", "healthcheck"]
ENTRYPOINT ["/realtybot"]
CMD ["serve"]
