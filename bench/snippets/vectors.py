# Elementwise ops and reductions on 100,000-element tensors, forward and backward.
import time
import torch

n = 100000
a = torch.linspace(-3.0, 3.0, n, requires_grad=True)
b = torch.linspace(1.0, 2.0, n)

started = time.perf_counter()
for repeat in range(50):
    c = (a * b + 1.0).tanh() * a.exp() / b
    loss = c.sum() + (a - b).pow(2).mean() + a.abs().max()
    loss.backward()
    a.grad = None
elapsed = time.perf_counter() - started

print("BENCH vectors", elapsed)
print("CHECK loss", loss.item())
print("CHECK c.mean", c.mean().item())
