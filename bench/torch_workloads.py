#!/usr/bin/python3
"""PyTorch versions of sia's benchmark workloads (W1, W1o, W2, W3, W3b, W3c, W4, W4s, W5), one thread
(--threads N for torch.set_num_threads(N)), in PyTorch's default float32 (--float64 for float64). Run by `npm run bench -- --compare`; prints one JSON object per workload on stdout:
{"workload", "samplesPerSecond", "runs"} (median of --runs timed runs after a warm-up).
Needs Debian's python3-torch (apt-get install python3-torch), used through /usr/bin/python3.
Debian's torch does its matrix products through whatever libblas.so.3 points to: the reference
BLAS reaches ~6 GFLOP/s on one core here, OpenBLAS (apt-get install libopenblas0-pthread) ~147,
so the ratios depend on it; a fair comparison has OpenBLAS installed."""
import json, sys, time, statistics, os, argparse
import torch

torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def font():
    rows = []
    with open(os.path.join(ROOT, 'packages', 'problems', 'src', 'datasets', 'font5x7.ts')) as f:
        for line in f:
            if 'rows: [' in line:
                vals = [int(v, 16) for v in line.split('rows: [')[1].split(']')[0].split(', ')]
                rows.append([(v >> (4 - c)) & 1 for v in vals for c in range(5)])
    return torch.tensor(rows, dtype=torch.get_default_dtype())


def faces():
    imgs, cur = [], None
    with open(os.path.join(ROOT, 'packages', 'problems', 'src', 'data', 'emoji.txt')) as f:
        for line in f:
            line = line.strip()
            if line.startswith('face '):
                cur = []
                imgs.append(cur)
            elif cur is not None and line and not line.startswith(';'):
                cur.extend(1.0 if ch == '#' else 0.0 for ch in line)
    return torch.tensor(imgs, dtype=torch.get_default_dtype())


def mlp(sizes, hidden, out):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        layers.append(out() if i == len(sizes) - 2 else hidden())
    return torch.nn.Sequential(*layers)


def ae_epoch(model, opt, loss_fn, x, batch):
    n = x.shape[0]
    order = torch.randperm(n) if batch < n else torch.arange(n)
    for s in range(0, n, batch):
        xb = x[order[s:s + batch]]
        opt.zero_grad()
        loss = loss_fn(model(xb), xb)
        loss.backward()
        opt.step()


class Vae(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = mlp([400, 260, 128, 64], torch.nn.Tanh, torch.nn.Tanh)
        self.mean = torch.nn.Linear(64, 2)
        self.logvar = torch.nn.Linear(64, 2)
        self.dec = mlp([2, 64, 128, 260, 400], torch.nn.Tanh, torch.nn.Sigmoid)

    def forward(self, x):
        h = self.enc(x)
        m, lv = self.mean(h), self.logvar(h)
        z = m + torch.exp(lv / 2) * torch.randn_like(m)
        return self.dec(z), m, lv


class ConvVae(torch.nn.Module):
    """pipelines/vae-emoji-conv.yaml in PyTorch's NCHW layout: the same layers and sizes."""
    def __init__(self):
        super().__init__()
        r = torch.nn.ReLU
        self.enc = torch.nn.Sequential(torch.nn.Conv2d(1, 8, 4, 2, 1), r(), torch.nn.Conv2d(8, 16, 4, 2, 1), r(),
                                       torch.nn.Flatten(), torch.nn.Linear(400, 64), r())
        self.mean = torch.nn.Linear(64, 2)
        self.logvar = torch.nn.Linear(64, 2)
        self.dec = torch.nn.Sequential(torch.nn.Linear(2, 64), r(), torch.nn.Linear(64, 400), r(), torch.nn.Unflatten(1, (16, 5, 5)),
                                       torch.nn.ConvTranspose2d(16, 8, 4, 2, 1), r(), torch.nn.ConvTranspose2d(8, 1, 4, 2, 1), torch.nn.Sigmoid(),
                                       torch.nn.Flatten())

    def forward(self, x):
        h = self.enc(x.view(-1, 1, 20, 20))
        m, lv = self.mean(h), self.logvar(h)
        z = m + torch.exp(lv / 2) * torch.randn_like(m)
        return self.dec(z), m, lv


def vae_epoch(model, opt, x, batch):
    n = x.shape[0]
    order = torch.randperm(n)
    for s in range(0, n, batch):
        xb = x[order[s:s + batch]]
        opt.zero_grad()
        y, m, lv = model(xb)
        rec = torch.nn.functional.binary_cross_entropy(y, xb, reduction='sum') / xb.shape[0]
        kl = -0.5 * torch.sum(1 + lv - m * m - torch.exp(lv)) / xb.shape[0]
        (rec + kl).backward()
        opt.step()


def workload(name):
    torch.manual_seed(1)
    if name in ('W1', 'W1o'):
        x = font()
        model = mlp([35, 16, 8, 2, 8, 16, 35], torch.nn.Tanh, torch.nn.Sigmoid)
        opt = torch.optim.SGD(model.parameters(), lr=0.5)
        batch = 32 if name == 'W1' else 1
        return x.shape[0], lambda: ae_epoch(model, opt, torch.nn.functional.mse_loss, x, batch)
    if name == 'W2':
        x = font()
        model = mlp([35, 25, 25, 2, 25, 25, 35], torch.nn.Tanh, torch.nn.Sigmoid)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        return x.shape[0], lambda: ae_epoch(model, opt, torch.nn.functional.mse_loss, x, 1)
    if name in ('W3', 'W3b'):
        x = faces()
        model = Vae()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        batch = 1 if name == 'W3' else 8
        return x.shape[0], lambda: vae_epoch(model, opt, x, batch)
    if name == 'W3c':
        x = faces()
        model = ConvVae()
        opt = torch.optim.Adam(model.parameters(), lr=3e-3)
        return x.shape[0], lambda: vae_epoch(model, opt, x, 8)
    if name in ('W4', 'W4s'):
        x = (torch.rand(1024, 784) < 0.3).to(torch.get_default_dtype())
        model = mlp([784, 512, 256, 2, 256, 512, 784], torch.nn.ReLU, torch.nn.Sigmoid)
        model[5] = torch.nn.Identity()  # linear latent
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        batch = 128 if name == 'W4' else 32
        return 1024, lambda: ae_epoch(model, opt, torch.nn.functional.binary_cross_entropy, x, batch)
    if name == 'W5':
        f = faces()
        x = f.repeat(128, 1)
        flip = torch.rand(x.shape) < 0.05
        x = torch.where(flip, 1 - x, x)
        model = Vae()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        return 1024, lambda: vae_epoch(model, opt, x, 64)
    raise SystemExit(f'unknown workload {name}')


def measure(name, runs, seconds):
    per_epoch, epoch = workload(name)
    # Warm-up, and size a run to take about `seconds`.
    t0 = time.perf_counter()
    k = 0
    while time.perf_counter() - t0 < 0.3:
        epoch()
        k += 1
    epochs = max(1, int(k * seconds / (time.perf_counter() - t0)))
    rates = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(epochs):
            epoch()
        rates.append(per_epoch * epochs / (time.perf_counter() - t0))
    return {'workload': name, 'samplesPerSecond': statistics.median(rates), 'runs': rates, 'torch': torch.__version__, 'dtype': str(torch.get_default_dtype()), 'threads': torch.get_num_threads()}


if __name__ == '__main__':
    p = argparse.ArgumentParser()
    p.add_argument('workloads', nargs='*', default=['W1', 'W1o', 'W2', 'W3', 'W3b', 'W3c', 'W4', 'W4s', 'W5'])
    p.add_argument('--runs', type=int, default=5)
    p.add_argument('--seconds', type=float, default=1.0)
    p.add_argument('--float64', action='store_true')
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.float64:
        torch.set_default_dtype(torch.float64)
    for w in a.workloads:
        print(json.dumps(measure(w, a.runs, a.seconds)), flush=True)
