# Gradients accumulate: every backward() call adds into .grad until you zero it.
import torch

# %% Five backward passes of y = x² add 2x five times
x = torch.tensor(3.0, requires_grad=True)
for i in range(5):
    y = x**2
    y.backward()
    print(i, x.grad)

# %% Zero the gradient before the next pass, as an optimizer loop does
x.grad.zero_()
y = x**2
y.backward()
x.grad

# %% Accumulate over several inputs: the gradient of a sum of terms
w = torch.tensor(2.0, requires_grad=True)
for value in range(1, 4):
    term = w * value
    term.backward()
print("sum of 1 + 2 + 3 =", w.grad)
