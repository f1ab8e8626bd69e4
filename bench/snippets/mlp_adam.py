# Small MLP training with Adam: nn.Sequential 2-16-16-1, 500 full-batch steps on 100 points.
import time
import torch
from torch import nn

torch.manual_seed(0)
t = torch.linspace(-2.0, 2.0, 100)
inputs = torch.stack([t, torch.sin(3.0 * t)], dim=1)
targets = (t * t - 1.0).unsqueeze(1)

model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()

started = time.perf_counter()
for step in range(500):
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    loss.backward()
    optimizer.step()
elapsed = time.perf_counter() - started

print("BENCH mlp_adam", elapsed)
print("CHECK loss", loss.item())
print("CHECK bias", model[4].bias.item())
