"""Converts MediaPipe's BlazeFace short-range model (face_detection_short_range.tflite, from the
`mediapipe==0.10.14` wheel on PyPI, Apache-2.0) into the compact form the face worker embeds
(`blazeface.bfn`), so the worker needs no FlatBuffers or TFLite reader.

    pip download mediapipe==0.10.14 --no-deps && pip install tflite
    python3 convert_blazeface.py mediapipe-0.10.14-*.whl blazeface.bfn

Format `BFN1` (little-endian): tensor count; per tensor its rank, dims, and constant data
(0: none, 1: float16 values, 2: int32 values); operator count; per operator its kind, inputs,
output and parameters; the graph's input and its two outputs. DEQUANTIZE operators (float16
weights to float32) are folded: their outputs become the float16 constants themselves.
"""
import struct
import sys
import zipfile

import tflite

KINDS = {
    "CONV_2D": 1,
    "DEPTHWISE_CONV_2D": 2,
    "RELU": 3,
    "ADD": 4,
    "PAD": 5,
    "MAX_POOL_2D": 6,
    "RESHAPE": 7,
    "CONCATENATION": 8,
}
NAMES = {v: k for k, v in tflite.BuiltinOperator.__dict__.items() if not k.startswith("_")}


def main(wheel, out):
    path = "mediapipe/modules/face_detection/face_detection_short_range.tflite"
    buf = zipfile.ZipFile(wheel).read(path) if wheel.endswith(".whl") else open(wheel, "rb").read()
    m = tflite.Model.GetRootAsModel(buf, 0)
    g = m.Subgraphs(0)

    def data(t):
        b = m.Buffers(g.Tensors(t).Buffer())
        return b.DataAsNumpy().tobytes() if b.DataLength() else b""

    alias = {}  # dequantized tensor -> its float16 source
    ops = []
    for i in range(g.OperatorsLength()):
        op = g.Operators(i)
        code = m.OperatorCodes(op.OpcodeIndex())
        name = NAMES[max(code.BuiltinCode(), code.DeprecatedBuiltinCode())]
        ins = [op.Inputs(j) for j in range(op.InputsLength())]
        outs = [op.Outputs(j) for j in range(op.OutputsLength())]
        if name == "DEQUANTIZE":
            alias[outs[0]] = ins[0]
            continue
        ops.append((name, ins, outs[0], op))
    resolve = lambda t: alias.get(t, t)
    used = sorted({resolve(t) for _, ins, o, _ in ops for t in ins + [o]} | {g.Inputs(0)})
    index = {t: i for i, t in enumerate(used)}

    w = bytearray(b"BFN1")
    w += struct.pack("<I", len(used))
    for t in used:
        ten = g.Tensors(t)
        dims = [ten.Shape(k) for k in range(ten.ShapeLength())]
        w += struct.pack("<B", len(dims)) + b"".join(struct.pack("<I", d) for d in dims)
        raw = data(t)
        if not raw:
            w += struct.pack("<B", 0)
        elif ten.Type() == tflite.TensorType.FLOAT16:
            w += struct.pack("<BI", 1, len(raw) // 2) + raw
        elif ten.Type() == tflite.TensorType.INT32:
            w += struct.pack("<BI", 2, len(raw) // 4) + raw
        else:
            raise SystemExit(f"constant tensor {t} of type {ten.Type()}")
    w += struct.pack("<I", len(ops))
    pad = {tflite.Padding.SAME: 0, tflite.Padding.VALID: 1}
    act = {tflite.ActivationFunctionType.NONE: 0, tflite.ActivationFunctionType.RELU: 1}
    for name, ins, o, op in ops:
        ins = [resolve(t) for t in ins if t >= 0]
        w += struct.pack("<BB", KINDS[name], len(ins))
        w += b"".join(struct.pack("<I", index[t]) for t in ins) + struct.pack("<I", index[o])
        opts = op.BuiltinOptions()
        if name == "CONV_2D":
            o2 = tflite.Conv2DOptions(); o2.Init(opts.Bytes, opts.Pos)
            w += struct.pack("<BBBB", o2.StrideH(), o2.StrideW(), pad[o2.Padding()], act[o2.FusedActivationFunction()])
        elif name == "DEPTHWISE_CONV_2D":
            o2 = tflite.DepthwiseConv2DOptions(); o2.Init(opts.Bytes, opts.Pos)
            w += struct.pack("<BBBB", o2.StrideH(), o2.StrideW(), pad[o2.Padding()], act[o2.FusedActivationFunction()])
        elif name == "MAX_POOL_2D":
            o2 = tflite.Pool2DOptions(); o2.Init(opts.Bytes, opts.Pos)
            w += struct.pack("<BBBBB", o2.StrideH(), o2.StrideW(), o2.FilterHeight(), o2.FilterWidth(), pad[o2.Padding()])
        elif name == "ADD":
            o2 = tflite.AddOptions(); o2.Init(opts.Bytes, opts.Pos)
            w += struct.pack("<B", act[o2.FusedActivationFunction()])
        elif name == "CONCATENATION":
            o2 = tflite.ConcatenationOptions(); o2.Init(opts.Bytes, opts.Pos)
            w += struct.pack("<b", o2.Axis())
    outs = [g.Outputs(i) for i in range(g.OutputsLength())]
    w += struct.pack("<III", index[g.Inputs(0)], index[outs[0]], index[outs[1]])
    open(out, "wb").write(w)
    print(f"{out}: {len(w)} bytes, {len(used)} tensors, {len(ops)} operators")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
