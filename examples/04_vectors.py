# Vectors: reduce to a scalar with .mean() or .sum() before calling backward().
import torch

# %% The mean of x² has gradient 2x / n
x = torch.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
m = (x**2).mean()
m.backward()
print(m)
x.grad

# %% .sum() gives each element its full derivative
v = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
s = torch.sin(v).sum()
s.backward()
v.grad

# %% Mean squared error between a prediction and a target
w = torch.tensor([0.5, -0.5], requires_grad=True)
inputs = torch.tensor([1.0, 2.0])
target = torch.tensor([1.0, 0.0])
error = ((w * inputs - target) ** 2).mean()
error.backward()
print(error)
w.grad
