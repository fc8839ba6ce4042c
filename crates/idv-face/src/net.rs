//! A small inference engine for the compact network form (`BFN1`, see
//! `model/convert_blazeface.py`): float32 tensors in NHWC order and the eight operators
//! BlazeFace uses. Written by hand so the face worker carries no TFLite runtime.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetError(&'static str);

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad network data: {}", self.0)
    }
}

impl std::error::Error for NetError {}

impl NetError {
    pub(crate) fn new(what: &'static str) -> NetError {
        NetError(what)
    }
}

#[derive(Debug, Clone)]
struct Tensor {
    dims: Vec<usize>,
    /// Constant values (weights, biases), or the int32 parameters of PAD and RESHAPE.
    values: Option<Vec<f32>>,
    ints: Option<Vec<i32>>,
}

#[derive(Debug, Clone, Copy)]
enum Padding {
    Same,
    Valid,
}

#[derive(Debug, Clone)]
enum Op {
    Conv {
        stride: (usize, usize),
        padding: Padding,
        relu: bool,
    },
    Depthwise {
        stride: (usize, usize),
        padding: Padding,
        relu: bool,
    },
    Relu,
    Add {
        relu: bool,
    },
    Pad,
    MaxPool {
        stride: (usize, usize),
        filter: (usize, usize),
        padding: Padding,
    },
    Reshape,
    Concat {
        axis: i8,
    },
}

#[derive(Debug, Clone)]
struct Node {
    op: Op,
    inputs: Vec<usize>,
    output: usize,
}

/// A network ready to run.
#[derive(Debug, Clone)]
pub struct Net {
    tensors: Vec<Tensor>,
    nodes: Vec<Node>,
    input: usize,
    outputs: [usize; 2],
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NetError> {
        let end = self.at.checked_add(n).ok_or(NetError("length"))?;
        let s = self.data.get(self.at..end).ok_or(NetError("truncated"))?;
        self.at = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, NetError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<usize, NetError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }
}

/// IEEE half precision to single.
fn f16(bits: u16) -> f32 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((bits >> 10) & 0x1f);
    let frac = f32::from(bits & 0x3ff);
    match exp {
        0 => sign * frac * 2f32.powi(-24),
        31 if frac == 0.0 => sign * f32::INFINITY,
        31 => f32::NAN,
        _ => sign * (1.0 + frac / 1024.0) * 2f32.powi(exp - 15),
    }
}

impl Net {
    pub fn parse(data: &[u8]) -> Result<Net, NetError> {
        let mut r = Reader { data, at: 0 };
        if r.take(4)? != b"BFN1" {
            return Err(NetError("not BFN1"));
        }
        let n = r.u32()?;
        let mut tensors = Vec::with_capacity(n);
        for _ in 0..n {
            let rank = usize::from(r.u8()?);
            let dims = (0..rank).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
            let (mut values, mut ints) = (None, None);
            match r.u8()? {
                0 => {}
                1 => {
                    let count = r.u32()?;
                    let raw = r.take(count * 2)?;
                    values = Some(
                        raw.chunks_exact(2)
                            .map(|c| f16(u16::from_le_bytes([c[0], c[1]])))
                            .collect(),
                    );
                }
                2 => {
                    let count = r.u32()?;
                    let raw = r.take(count * 4)?;
                    ints = Some(
                        raw.chunks_exact(4)
                            .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                            .collect(),
                    );
                }
                _ => return Err(NetError("constant kind")),
            }
            tensors.push(Tensor { dims, values, ints });
        }
        let n_ops = r.u32()?;
        let mut nodes = Vec::with_capacity(n_ops);
        let padding = |b: u8| match b {
            0 => Ok(Padding::Same),
            1 => Ok(Padding::Valid),
            _ => Err(NetError("padding")),
        };
        for _ in 0..n_ops {
            let kind = r.u8()?;
            let n_in = usize::from(r.u8()?);
            let inputs = (0..n_in).map(|_| r.u32()).collect::<Result<Vec<_>, _>>()?;
            let output = r.u32()?;
            let op = match kind {
                1 | 2 => {
                    let (sh, sw) = (usize::from(r.u8()?), usize::from(r.u8()?));
                    let (padding, relu) = (padding(r.u8()?)?, r.u8()? == 1);
                    if kind == 1 {
                        Op::Conv {
                            stride: (sh, sw),
                            padding,
                            relu,
                        }
                    } else {
                        Op::Depthwise {
                            stride: (sh, sw),
                            padding,
                            relu,
                        }
                    }
                }
                3 => Op::Relu,
                4 => Op::Add { relu: r.u8()? == 1 },
                5 => Op::Pad,
                6 => {
                    let (sh, sw) = (usize::from(r.u8()?), usize::from(r.u8()?));
                    let (fh, fw) = (usize::from(r.u8()?), usize::from(r.u8()?));
                    Op::MaxPool {
                        stride: (sh, sw),
                        filter: (fh, fw),
                        padding: padding(r.u8()?)?,
                    }
                }
                7 => Op::Reshape,
                8 => Op::Concat {
                    axis: r.u8()? as i8,
                },
                _ => return Err(NetError("operator kind")),
            };
            if inputs.iter().chain([&output]).any(|&t| t >= tensors.len()) {
                return Err(NetError("tensor index"));
            }
            nodes.push(Node { op, inputs, output });
        }
        let (input, o0, o1) = (r.u32()?, r.u32()?, r.u32()?);
        if [input, o0, o1].iter().any(|&t| t >= tensors.len()) {
            return Err(NetError("graph input or output"));
        }
        Ok(Net {
            tensors,
            nodes,
            input,
            outputs: [o0, o1],
        })
    }

    /// The input's shape (NHWC).
    pub fn input_dims(&self) -> &[usize] {
        &self.tensors[self.input].dims
    }

    /// Runs the network on `input` (NHWC, float); returns its two outputs.
    pub fn run(&self, input: &[f32]) -> Result<[Vec<f32>; 2], NetError> {
        // Activations only: constants are read from `self.tensors` in place.
        let mut vals: Vec<Option<Vec<f32>>> = vec![None; self.tensors.len()];
        let mut dims: Vec<Vec<usize>> = self.tensors.iter().map(|t| t.dims.clone()).collect();
        if input.len() != dims[self.input].iter().product::<usize>() {
            return Err(NetError("input size"));
        }
        vals[self.input] = Some(input.to_vec());
        for node in &self.nodes {
            let get = |i: usize| {
                let t = node.inputs[i];
                vals[t]
                    .as_deref()
                    .or(self.tensors[t].values.as_deref())
                    .ok_or(NetError("missing value"))
            };
            let dim = |i: usize| &dims[node.inputs[i]];
            let (out, out_dims) = match &node.op {
                Op::Conv {
                    stride,
                    padding,
                    relu,
                } => conv(
                    get(0)?,
                    dim(0),
                    get(1)?,
                    dim(1),
                    get(2)?,
                    *stride,
                    *padding,
                    *relu,
                    false,
                ),
                Op::Depthwise {
                    stride,
                    padding,
                    relu,
                } => conv(
                    get(0)?,
                    dim(0),
                    get(1)?,
                    dim(1),
                    get(2)?,
                    *stride,
                    *padding,
                    *relu,
                    true,
                ),
                Op::Relu => (get(0)?.iter().map(|v| v.max(0.0)).collect(), dim(0).clone()),
                Op::Add { relu } => {
                    let (a, b) = (get(0)?, get(1)?);
                    if a.len() != b.len() {
                        return Err(NetError("add shapes"));
                    }
                    let f = |x: f32| if *relu { x.max(0.0) } else { x };
                    (
                        a.iter().zip(b).map(|(x, y)| f(x + y)).collect(),
                        dim(0).clone(),
                    )
                }
                Op::Pad => {
                    let p = self.tensors[node.inputs[1]]
                        .ints
                        .as_deref()
                        .ok_or(NetError("pad"))?;
                    pad(get(0)?, dim(0), p)?
                }
                Op::MaxPool {
                    stride,
                    filter,
                    padding,
                } => max_pool(get(0)?, dim(0), *stride, *filter, *padding),
                Op::Reshape => {
                    let shape = &self.tensors[node.output].dims;
                    if shape.iter().product::<usize>() != get(0)?.len() {
                        return Err(NetError("reshape"));
                    }
                    (get(0)?.to_vec(), shape.clone())
                }
                Op::Concat { axis } => {
                    let d = dim(0);
                    let axis = if *axis < 0 {
                        d.len() as i8 + axis
                    } else {
                        *axis
                    } as usize;
                    concat(
                        &node
                            .inputs
                            .iter()
                            .map(|&t| {
                                let v = vals[t].as_deref().or(self.tensors[t].values.as_deref());
                                (v, &dims[t])
                            })
                            .collect::<Vec<_>>(),
                        axis,
                    )?
                }
            };
            vals[node.output] = Some(out);
            dims[node.output] = out_dims;
        }
        let take =
            |t: usize, vals: &mut Vec<Option<Vec<f32>>>| vals[t].take().ok_or(NetError("output"));
        Ok([
            take(self.outputs[0], &mut vals)?,
            take(self.outputs[1], &mut vals)?,
        ])
    }
}

/// Output size and the padding before, TFLite's rules.
fn window(input: usize, k: usize, stride: usize, padding: Padding) -> (usize, usize) {
    match padding {
        Padding::Same => {
            let out = input.div_ceil(stride);
            let total = ((out - 1) * stride + k).saturating_sub(input);
            (out, total / 2)
        }
        Padding::Valid => ((input - k) / stride + 1, 0),
    }
}

#[allow(clippy::too_many_arguments)]
fn conv(
    x: &[f32],
    xd: &[usize],
    w: &[f32],
    wd: &[usize],
    bias: &[f32],
    (sh, sw): (usize, usize),
    padding: Padding,
    relu: bool,
    depthwise: bool,
) -> (Vec<f32>, Vec<usize>) {
    let (h, wi, c) = (xd[1], xd[2], xd[3]);
    let (kh, kw) = (wd[1], wd[2]);
    let oc = if depthwise { wd[3] } else { wd[0] };
    let (oh, pt) = window(h, kh, sh, padding);
    let (ow, pl) = window(wi, kw, sw, padding);
    let mut out = vec![0f32; oh * ow * oc];
    for oy in 0..oh {
        for ox in 0..ow {
            let o = &mut out[(oy * ow + ox) * oc..(oy * ow + ox + 1) * oc];
            o.copy_from_slice(&bias[..oc]);
            for ky in 0..kh {
                let iy = (oy * sh + ky) as isize - pt as isize;
                if iy < 0 || iy >= h as isize {
                    continue;
                }
                for kx in 0..kw {
                    let ix = (ox * sw + kx) as isize - pl as isize;
                    if ix < 0 || ix >= wi as isize {
                        continue;
                    }
                    let px = &x[(iy as usize * wi + ix as usize) * c..][..c];
                    if depthwise {
                        let wk = &w[(ky * kw + kx) * oc..][..oc];
                        for ((o, &p), &k) in o.iter_mut().zip(px).zip(wk) {
                            *o += p * k;
                        }
                    } else {
                        for (f, o) in o.iter_mut().enumerate() {
                            let wk = &w[((f * kh + ky) * kw + kx) * c..][..c];
                            *o += px.iter().zip(wk).map(|(p, k)| p * k).sum::<f32>();
                        }
                    }
                }
            }
            if relu {
                o.iter_mut().for_each(|v| *v = v.max(0.0));
            }
        }
    }
    (out, vec![1, oh, ow, oc])
}

fn pad(x: &[f32], xd: &[usize], p: &[i32]) -> Result<(Vec<f32>, Vec<usize>), NetError> {
    if xd.len() != 4 || p.len() != 8 || p[0] != 0 || p[1] != 0 || p.iter().any(|&v| v < 0) {
        return Err(NetError("pad shape"));
    }
    let p: Vec<usize> = p.iter().map(|&v| v as usize).collect();
    let (h, w, c) = (xd[1], xd[2], xd[3]);
    let (oh, ow, oc) = (h + p[2] + p[3], w + p[4] + p[5], c + p[6] + p[7]);
    let mut out = vec![0f32; oh * ow * oc];
    for y in 0..h {
        for xx in 0..w {
            let src = &x[(y * w + xx) * c..][..c];
            let dst = ((y + p[2]) * ow + xx + p[4]) * oc + p[6];
            out[dst..dst + c].copy_from_slice(src);
        }
    }
    Ok((out, vec![1, oh, ow, oc]))
}

fn max_pool(
    x: &[f32],
    xd: &[usize],
    (sh, sw): (usize, usize),
    (fh, fw): (usize, usize),
    padding: Padding,
) -> (Vec<f32>, Vec<usize>) {
    let (h, w, c) = (xd[1], xd[2], xd[3]);
    let (oh, pt) = window(h, fh, sh, padding);
    let (ow, pl) = window(w, fw, sw, padding);
    let mut out = vec![f32::MIN; oh * ow * c];
    for oy in 0..oh {
        for ox in 0..ow {
            let o = &mut out[(oy * ow + ox) * c..][..c];
            for ky in 0..fh {
                for kx in 0..fw {
                    let (iy, ix) = (
                        (oy * sh + ky) as isize - pt as isize,
                        (ox * sw + kx) as isize - pl as isize,
                    );
                    if iy < 0 || ix < 0 || iy >= h as isize || ix >= w as isize {
                        continue;
                    }
                    let px = &x[(iy as usize * w + ix as usize) * c..][..c];
                    for (o, &p) in o.iter_mut().zip(px) {
                        *o = o.max(p);
                    }
                }
            }
        }
    }
    (out, vec![1, oh, ow, c])
}

fn concat(
    parts: &[(Option<&[f32]>, &Vec<usize>)],
    axis: usize,
) -> Result<(Vec<f32>, Vec<usize>), NetError> {
    let first = parts.first().ok_or(NetError("concat"))?.1;
    let outer: usize = first[..axis].iter().product();
    let mut dims = first.clone();
    dims[axis] = parts.iter().map(|p| p.1[axis]).sum();
    let mut out = Vec::with_capacity(dims.iter().product());
    for o in 0..outer {
        for (v, d) in parts {
            let v = v.ok_or(NetError("concat value"))?;
            let inner: usize = d[axis..].iter().product();
            out.extend_from_slice(&v[o * inner..(o + 1) * inner]);
        }
    }
    Ok((out, dims))
}
