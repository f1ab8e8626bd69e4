# PyTorch's resident-memory growth per node of the scalar chain memory.ts measures, for context.
# Run by scripts/bench.mjs with /usr/bin/python3; prints one JSON object.
import json
import os
import sys
import time

import torch


def rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


nodes = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
x = torch.tensor(1.0, requires_grad=True)
start = rss_bytes()
started = time.perf_counter()
y = x
for i in range(nodes):
    y = y * 1.0000001
build_seconds = time.perf_counter() - started
bytes_per_node = (rss_bytes() - start) / nodes
started = time.perf_counter()
y.backward()
print(json.dumps({"nodes": nodes, "bytesPerNode": bytes_per_node, "buildSeconds": build_seconds,
                  "backwardSeconds": time.perf_counter() - started, "grad": x.grad.item()}))
