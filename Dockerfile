# ismsbook as a small container image: `FROM scratch` holding a static
# ismsbook binary and a static busybox (a shell and the usual commands, so
# that the image works as a GitLab CI `image:` and in a pre-commit
# `docker_image` hook). About 18 MB.
#
# Two ways to build the same image (see docs/ci.md, "Container image"):
#
#   # from source: pulls rust:1-bookworm, builds for a few minutes
#   docker build -t ismsbook:0.1.0 .
#
#   # from a release binary (or any static build), with no registry at all:
#   scripts/image-rootfs.sh path/to/ismsbook /bin/busybox dist/rootfs
#   DOCKER_BUILDKIT=1 docker build --build-arg BINARIES=prebuilt -t ismsbook:0.1.0 .
#
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/work" ismsbook:0.1.0 \
#     ismsbook check --content content
#
# The second way needs BuildKit (it skips the unused `source` stage; the
# classic builder would try to pull its image). tests/container.rs builds it
# that way and runs `check` in it, when a Docker engine runs.

ARG BINARIES=source

FROM rust:1-bookworm AS source
RUN apt-get update \
    && apt-get install -y --no-install-recommends busybox-static \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs README.md ./
COPY src ./src
COPY themes ./themes
COPY benches ./benches
COPY examples ./examples
COPY scripts/image-rootfs.sh ./scripts/
ENV CARGO_PROFILE_RELEASE_STRIP=symbols \
    RUSTFLAGS="-C target-feature=+crt-static"
RUN cargo build --release --locked --target x86_64-unknown-linux-gnu --bin ismsbook \
    && scripts/image-rootfs.sh target/x86_64-unknown-linux-gnu/release/ismsbook /bin/busybox /rootfs

FROM scratch AS prebuilt
COPY dist/rootfs/ /rootfs/

FROM ${BINARIES} AS rootfs

FROM scratch
COPY --from=rootfs /rootfs/ /
ENV PATH=/bin
WORKDIR /work
# No ENTRYPOINT: GitLab runs job scripts with the image's shell, and
# pre-commit's docker_image hooks name the command.
CMD ["ismsbook", "--help"]
