#!/usr/bin/env bash
# The image's HEALTHCHECK. The role is the last word of the container's command (PID 1 is the JVM: java -jar
# /app/shotflow.jar <role>). The api role (and serve) must answer GET /health with 200 on MICRONAUT_SERVER_PORT
# (default 8080); the worker role has no HTTP listener, so it is healthy while it runs (Docker restarts it when it
# exits). Bash's /dev/tcp, because the JRE image has no curl or wget.
set -u
role=$(tr '\0' '\n' < /proc/1/cmdline | tail -n 1)
case "$role" in
  worker|temporal-server) exit 0 ;;
esac
port=${MICRONAUT_SERVER_PORT:-8080}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 4 status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
