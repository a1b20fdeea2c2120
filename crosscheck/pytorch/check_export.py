"""Loads a `synod train --out FILE` safetensors file into a PyTorch module with the same layer
names (strict `load_state_dict`) and prints its Fashion-MNIST test accuracy, which must equal the
accuracy Synod printed. Usage: check_export.py MODEL FILE [DATA_DIR]"""
import gzip
import json
import os
import sys

import numpy as np
import torch
from safetensors.torch import load_file
from torch import nn
import torch.nn.functional as F


class Logistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return self.fc(x.flatten(1))


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(784, 256), nn.Linear(256, 128), nn.Linear(128, 10)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x.flatten(1))))))


class LeNet5(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 6, 5, padding=2), nn.Conv2d(6, 16, 5)
        self.fc1, self.fc2, self.fc3 = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x.flatten(1))))))


def read_idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def main():
    name, path = sys.argv[1], sys.argv[2]
    data_dir = sys.argv[3] if len(sys.argv) > 3 else os.environ.get("SYNOD_DATA_DIR", "/usr/share/datasets/fashion-mnist")
    model = {"logistic": Logistic, "mlp": MLP, "lenet5": LeNet5}[name]()
    model.load_state_dict(load_file(path), strict=True)
    images = read_idx(os.path.join(data_dir, "t10k-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    labels = read_idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    # Synod's normalisation: (x − 0.2860) / 0.3530 (DatasetName.standardMean / standardStd).
    x = torch.from_numpy((images - MEAN) / STD).unsqueeze(1)
    with torch.no_grad():
        predictions = model(x).argmax(1).numpy()
    print(json.dumps({"model": name, "testAccuracy": float((predictions == labels).mean())}))


MEAN, STD = float(os.environ.get("SYNOD_MEAN", "0.2860")), float(os.environ.get("SYNOD_STD", "0.3530"))

if __name__ == "__main__":
    main()
