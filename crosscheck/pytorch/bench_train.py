"""Training throughput of the Synod MLP / LeNet-5 architectures in PyTorch (CPU).

Same architectures as `synod models` (mlp: 784-256-128-10 ReLU; lenet5: conv5(6,pad 2)-relu-
maxpool2-conv5(16)-relu-maxpool2-120-84-10), same synthetic data shape, same optimizer step
(SGD lr 0.01, momentum 0.9), same batch size and thread count. Prints one JSON line like
`synod bench train`.
"""
import argparse
import json
import time

import torch
from torch import nn


def build(name):
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    if name == "lenet5":
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5),
                             nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.ReLU(),
                             nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    if name == "logistic":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    raise SystemExit(f"unknown model {name}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="mlp")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = build(args.model)
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    pool = [(torch.rand(args.batch_size, 1, 28, 28), torch.randint(0, 10, (args.batch_size,))) for _ in range(16)]

    def step(i):
        x, y = pool[i % len(pool)]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for i in range(args.warmup):
        step(i)
    start = time.perf_counter()
    cpu_start = time.process_time()
    for i in range(args.steps):
        step(i)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    print(json.dumps({"benchmark": "train", "framework": f"pytorch {torch.__version__}", "model": args.model,
                      "parameters": params, "batchSize": args.batch_size, "threads": torch.get_num_threads(),
                      "steps": args.steps, "seconds": seconds, "cpuSeconds": cpu_seconds,
                      "samplesPerSecond": args.steps * args.batch_size / seconds,
                      "millisecondsPerStep": seconds * 1000 / args.steps}, sort_keys=True))


if __name__ == "__main__":
    main()
