# Autograd basics: a leaf tensor, one operation, one backward pass.
# Select a cell (or put the cursor on a line) and run "Autograd Lens: Evaluate Selection",
# then hover a variable to see its value, or run "Autograd Lens: Show Computation Graph".
import torch

# %% A leaf tensor that records the operations applied to it
x = torch.tensor(3.0, requires_grad=True)
x

# %% y = x², so dy/dx = 2x = 6
y = x**2
y

# %% Backpropagate: the gradient lands in x.grad
y.backward()
x.grad

# %% Tensors computed without tracking have no grad_fn
with torch.no_grad():
    z = x * 2
print(z)
