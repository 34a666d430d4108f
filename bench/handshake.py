#!/usr/bin/env python3
"""Handshake latency of a TLS listener, measured with OpenSSL's client (Python's ssl module), whose
own cost is a fraction of a millisecond, so the figure is the server's and the machine's.

  bench/handshake.py HOST PORT N NAME...   (the first 10 % of N are warm-up, not counted)

Each handshake is a new connection with a random NAME as SNI, P-256 key exchange, no verification
(the server's work is the same either way)."""
import random
import socket
import ssl
import sys
import time

host, port, count, names = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
context.set_ecdh_curve("prime256v1")
warmup = count // 10
samples = []
for i in range(count + warmup):
    name = random.choice(names)
    start = time.perf_counter()
    with socket.create_connection((host, port)) as raw:
        with context.wrap_socket(raw, server_hostname=name):
            pass
    if i >= warmup:
        samples.append((time.perf_counter() - start) * 1000)
samples.sort()
print("%s:%d  %d handshakes  p50 %.2f ms  p99 %.2f ms  max %.2f ms" % (
    host, port, len(samples), samples[len(samples) // 2], samples[int(len(samples) * 0.99)],
    samples[-1]))
