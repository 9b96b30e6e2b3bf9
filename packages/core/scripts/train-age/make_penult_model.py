#!/usr/bin/python3
"""face-api's age net with its pooled features (the input of its age and gender layers) as a third output `features`.

    python3 packages/core/scripts/train-age/make_penult_model.py packages/models-compact/weights/faceapi_age_gender.onnx OUT.onnx

Debian's python3-onnx; the weights and every node are unchanged, only a graph output is added, so `age` and `gender`
are bit-identical. Used by extract-features.ts --penult for experiments (see README).
"""
import sys

import onnx
from onnx import helper, TensorProto

src, dst = sys.argv[1], sys.argv[2]
m = onnx.load(src)
g = m.graph
age_gemm = next(n for n in g.node if n.op_type == 'Gemm' and 'age' in n.output)
flat = age_gemm.input[0]
producer = next(n for n in g.node if flat in n.output)
w = next(i for i in g.initializer if i.name == age_gemm.input[1])
dims = w.dims[0] if w.dims[1] == 1 else w.dims[1]
# rename the pooled tensor to `features` everywhere
for n in g.node:
    for lst in (n.input, n.output):
        for i, name in enumerate(lst):
            if name == flat:
                lst[i] = 'features'
g.output.append(helper.make_tensor_value_info('features', TensorProto.FLOAT, [None, dims]))
onnx.checker.check_model(m)
onnx.save(m, dst)
print(f'{producer.op_type} -> features [N, {dims}] added; wrote {dst}')
