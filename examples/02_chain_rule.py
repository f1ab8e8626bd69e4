# The chain rule: autograd multiplies the local derivatives along the graph.
import math
import torch

# %% f(x) = sin(x²)  =>  f'(x) = cos(x²) · 2x
x = torch.tensor(1.5, requires_grad=True)
u = x**2
f = torch.sin(u)
f.backward()
print("autograd:", x.grad)
print("by hand: ", math.cos(1.5**2) * 2 * 1.5)

# %% A small function: a logistic neuron and its log-likelihood
def neuron(w, b, inp):
    return torch.sigmoid(w * inp + b)

w = torch.tensor(0.5, requires_grad=True)
b = torch.tensor(-1.0, requires_grad=True)
p = neuron(w, b, 2.0)
loss = -torch.log(p)
loss.backward()
print(loss)
print("dloss/dw =", w.grad)
print("dloss/db =", b.grad)

# %% Division and subtraction work too
a = torch.tensor(4.0, requires_grad=True)
q = (a - 1) / (a + 1)
q.backward()
a.grad
