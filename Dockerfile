# ismsbook as a small container image: a static musl binary on Alpine (a
# shell is kept so that the image works as a GitLab CI `image:`).
#
#   docker build -t ismsbook:0.1.0 .
#   docker run --rm -v "$PWD:/work" -w /work ismsbook:0.1.0 ismsbook check --content content
#
# Not built in this project's test suite (no Docker on its machines).

FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
COPY src ./src
COPY themes ./themes
COPY benches ./benches
COPY examples ./examples
ENV CARGO_PROFILE_RELEASE_STRIP=symbols
RUN cargo build --release --locked --bin ismsbook \
    && ./target/release/ismsbook --version

FROM alpine:3.20
COPY --from=build /src/target/release/ismsbook /usr/local/bin/ismsbook
RUN adduser -D -H -u 10001 ismsbook
USER ismsbook
WORKDIR /work
# No ENTRYPOINT: GitLab runs job scripts in the image's shell.
CMD ["ismsbook", "--help"]
