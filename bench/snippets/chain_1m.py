# A 1,000,000-op chain, then backward: deep graphs must not overflow the stack.
import time
import torch

x = torch.tensor(1.0, requires_grad=True)
started = time.perf_counter()
y = x
for i in range(1000000):
    y = y * 1.0000001
y.backward()
elapsed = time.perf_counter() - started

print("BENCH chain_1m", elapsed)
print("CHECK y", y.item())
print("CHECK x.grad", x.grad.item())
