"""Runs an ONNX graph of plain CNN ops as a trainable torch module (the initializers become parameters), so a network
Provefy ships as ONNX can be fine-tuned here and exported back with the same input and output names.

Covers the ops of face-api's AgeGenderNet: Sub, Div, Constant, Conv (asymmetric pads too), Relu, Add, MaxPool,
AveragePool, Flatten, Gemm, Softmax. Debian's python3-onnx and python3-torch.

    from onnx_torch import OnnxModule
    net = OnnxModule('faceapi_age_gender.onnx')
    age, gender = net(x)  # x: [N, 3, 112, 112], raw RGB 0-255
"""
import math

import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _pad(x, pads):
    """ONNX pads [top, left, bottom, right] (2-d) as F.pad's (left, right, top, bottom)."""
    t, l, b, r = pads
    return F.pad(x, (l, r, t, b)) if any(pads) else x


class OnnxModule(torch.nn.Module):
    def __init__(self, path, trainable=True):
        super().__init__()
        model = onnx.load(path)
        g = model.graph
        self.inputs = [i.name for i in g.input]
        self.outputs = [o.name for o in g.output]
        self.nodes = [(n.op_type, list(n.input), list(n.output), _attrs(n)) for n in g.node]
        self.params = torch.nn.ParameterDict()
        self.names = {}
        for i, t in enumerate(g.initializer):
            key = f'p{i}'
            self.names[t.name] = key
            arr = numpy_helper.to_array(t).copy()
            self.params[key] = torch.nn.Parameter(torch.from_numpy(arr).float(), requires_grad=trainable and arr.ndim > 0)

    def forward(self, *xs):
        env = dict(zip(self.inputs, xs))

        def get(name):
            if name in env:
                return env[name]
            return self.params[self.names[name]]

        for op, ins, outs, a in self.nodes:
            if op == 'Constant':
                y = torch.from_numpy(numpy_helper.to_array(a['value']).copy()).float()
            elif op == 'Sub':
                y = get(ins[0]) - get(ins[1])
            elif op == 'Div':
                y = get(ins[0]) / get(ins[1])
            elif op == 'Add':
                y = get(ins[0]) + get(ins[1])
            elif op == 'Relu':
                y = F.relu(get(ins[0]))
            elif op == 'Conv':
                pads = a.get('pads', [0, 0, 0, 0])
                x = get(ins[0])
                sym = pads[0] == pads[2] and pads[1] == pads[3]
                if not sym:
                    x = _pad(x, pads)
                y = F.conv2d(x, get(ins[1]), get(ins[2]) if len(ins) > 2 else None, stride=a.get('strides', [1, 1]),
                             padding=(pads[0], pads[1]) if sym else 0, dilation=a.get('dilations', [1, 1]), groups=a.get('group', 1))
            elif op == 'MaxPool':
                pads = a.get('pads', [0, 0, 0, 0])
                y = F.max_pool2d(_pad(get(ins[0]), pads) if any(pads) else get(ins[0]), a['kernel_shape'], a['strides'],
                                 ceil_mode=bool(a.get('ceil_mode', 0)))
            elif op == 'AveragePool':
                y = F.avg_pool2d(get(ins[0]), a['kernel_shape'], a['strides'], ceil_mode=bool(a.get('ceil_mode', 0)))
            elif op == 'Flatten':
                y = torch.flatten(get(ins[0]), a.get('axis', 1))
            elif op == 'Gemm':
                w = get(ins[1])
                w = w.t() if a.get('transB', 0) else w
                y = a.get('alpha', 1.0) * (get(ins[0]) @ w) + a.get('beta', 1.0) * get(ins[2])
            elif op == 'Softmax':
                y = torch.softmax(get(ins[0]), a.get('axis', -1))
            else:
                raise ValueError(f'op {op} is not supported')
            env[outs[0]] = y
        res = [env[o] for o in self.outputs]
        return res[0] if len(res) == 1 else tuple(res)
