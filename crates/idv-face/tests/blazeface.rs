//! The hand-written inference of `idv_face::net` against the reference runtime: the same
//! input (a crop of scikit-image's astronaut, every second pixel) gives the outputs that
//! LiteRT (`ai-edge-litert` on PyPI) gave for the original `.tflite` model.
use idv_face::net::Net;

fn astronaut_crop() -> Vec<f32> {
    let bytes = include_bytes!("../../idv-fixtures/photos/astronaut.png");
    let mut decoder = png::Decoder::new(&bytes[..]);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let ch = info.color_type.samples();
    let w = info.width as usize;
    let mut out = Vec::with_capacity(128 * 128 * 3);
    for y in 0..128 {
        for x in 0..128 {
            let i = ((2 * y) * w + 100 + 2 * x) * ch;
            out.extend((0..3).map(|c| f32::from(buf[i + c]) / 127.5 - 1.0));
        }
    }
    out
}

#[test]
fn blazeface_matches_the_reference_runtime() {
    let net = Net::parse(idv_face::BLAZEFACE).unwrap();
    assert_eq!(net.input_dims(), &[1, 128, 128, 3]);
    let [regressors, scores] = net.run(&astronaut_crop()).unwrap();
    assert_eq!(regressors.len(), 896 * 16);
    assert_eq!(scores.len(), 896);
    let (best, score) = scores
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap();
    assert_eq!(best, 674);
    assert!((score - 2.6419694).abs() < 0.01, "score {score}");
    let want = [
        7.373, 7.222, 51.483, 51.475, -3.099, -5.299, 18.383, -3.598, 6.151, 8.348, 5.083, 18.416,
        -15.159, -1.464, 29.607, 2.658,
    ];
    for (i, (g, w)) in regressors[best * 16..][..16].iter().zip(want).enumerate() {
        assert!((g - w).abs() < 0.05, "regressor {i}: {g} vs {w}");
    }
    let total: f32 = regressors.iter().map(|v| v.abs()).sum();
    assert!((total / 217_646.16 - 1.0).abs() < 1e-3, "sum {total}");
}

#[test]
fn bad_network_data_is_an_error() {
    assert!(Net::parse(b"").is_err());
    assert!(Net::parse(b"BFN2").is_err());
    let cut = &idv_face::BLAZEFACE[..idv_face::BLAZEFACE.len() / 2];
    assert!(Net::parse(cut).is_err());
}

/// Time per inference, natively (figures only).
#[test]
#[ignore]
fn bench_blazeface() {
    let net = Net::parse(idv_face::BLAZEFACE).unwrap();
    let input = astronaut_crop();
    let start = std::time::Instant::now();
    let n = 20;
    for _ in 0..n {
        std::hint::black_box(net.run(std::hint::black_box(&input)).unwrap());
    }
    println!(
        "bench: blazeface 128x128: {:?} a frame",
        start.elapsed() / n
    );
}
