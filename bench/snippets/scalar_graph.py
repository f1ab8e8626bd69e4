# Scalar autograd graph: build ~10,000 scalar ops and backprop them, several times.
import time
import torch

x = torch.tensor(0.5, requires_grad=True)
w = torch.tensor(0.9, requires_grad=True)
b = torch.tensor(0.1, requires_grad=True)

started = time.perf_counter()
for repeat in range(5):
    y = x
    for i in range(3334):
        y = (y * w + b).tanh()
    y.backward()
elapsed = time.perf_counter() - started

print("BENCH scalar_graph", elapsed)
print("CHECK y", y.item())
print("CHECK w.grad", w.grad.item())
print("CHECK b.grad", b.grad.item())
