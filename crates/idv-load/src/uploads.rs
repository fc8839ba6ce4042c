//! The uploads benchmark: how long `GET /v1/client/preflight` takes on one session while many
//! other sessions each upload a 10 MiB ID photo at the same moment.
//!
//! ```text
//! idv-load uploads --url http://127.0.0.1:8089 --key <api key> [--uploaders 20] [--rounds 10]
//!                  [--baseline-ms 3000] [--interval-ms 20] [--pid <sandbox pid>]
//! ```
//!
//! One PNG of noise is made first, just under the sandbox's 10 MiB cap: its pixels are stored
//! in uncompressed ("stored") deflate blocks, so its size follows from its width and height
//! alone. A session may have only two uploads in flight, so every upload gets a session of its
//! own (`document_only`, consent given, on `scan_id_document_front_screen`), all of them made
//! before anything is measured. Then a probe session asks for its preflight every
//! `--interval-ms` for the whole run: `--baseline-ms` with no upload, then `--rounds` rounds of
//! `--uploaders` front-side uploads (`side`, `corners`, `file`) released together, each round
//! measured until its last upload is answered.
//!
//! Prints figures only; nothing is asserted on time. Exits 1 if an upload was not answered
//! `201` (with the PNG stored and the flow on to the back side) or a preflight failed.

use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Barrier, Semaphore};

struct Args {
    url: String,
    key: String,
    uploaders: usize,
    rounds: usize,
    baseline: Duration,
    interval: Duration,
    pid: Option<u32>,
}

fn args(argv: Vec<String>) -> Result<Args, String> {
    let mut a = Args {
        url: "http://127.0.0.1:8080".into(),
        key: String::new(),
        uploaders: 20,
        rounds: 10,
        baseline: Duration::from_secs(3),
        interval: Duration::from_millis(20),
        pid: None,
    };
    let mut it = argv.into_iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: not a number"))
        };
        match flag.as_str() {
            "--url" => a.url = value.trim_end_matches('/').to_owned(),
            "--key" => a.key = value.clone(),
            "--uploaders" => a.uploaders = number()?.max(1) as usize,
            "--rounds" => a.rounds = number()?.max(1) as usize,
            "--baseline-ms" => a.baseline = Duration::from_millis(number()?),
            "--interval-ms" => a.interval = Duration::from_millis(number()?.max(1)),
            "--pid" => a.pid = Some(number()? as u32),
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    if a.key.is_empty() {
        return Err("--key <api key> is required".into());
    }
    Ok(a)
}

// ---------------------------------------------------------------------------------------------
// The file: an RGB PNG of noise in stored deflate blocks.

/// Every row this wide (RGB, 8 bits a channel); the height is what fills the target size.
const WIDTH: u32 = 2000;
/// The file's size at most: 40 KiB under the cap (about 9.96 MiB), leaving room for the
/// multipart form around it within the body limit too.
const TARGET_BYTES: usize = idv_core::media::MAX_UPLOAD_BYTES - 40 * 1024;
/// A stored deflate block holds at most this many bytes (as `idv_fixtures::png::zlib_stored`
/// writes them).
const STORED_BLOCK: usize = 65_535;
/// The corners the app would send with a photo of a card (the example of docs/api.md).
const CORNERS: &str = "[[0.08,0.21],[0.93,0.18],[0.95,0.83],[0.05,0.86]]";

/// The size of a zlib stream holding `raw` bytes in stored blocks: its 2-byte header, a 5-byte
/// header per block, the bytes, and the Adler-32.
fn zlib_stored_len(raw: usize) -> usize {
    2 + raw + 5 * raw.div_ceil(STORED_BLOCK).max(1) + 4
}

/// The size of an RGB PNG of `width` x `height` written by [`encode_rgb`]: signature, IHDR, one
/// IDAT, IEND (each chunk 12 bytes around its data).
fn png_len(width: u32, height: u32) -> usize {
    let raw = (3 * width as usize + 1) * height as usize;
    8 + (12 + 13) + (12 + zlib_stored_len(raw)) + 12
}

/// The tallest image [`WIDTH`] wide whose PNG fits in `max` bytes.
fn height_for(max: usize) -> u32 {
    let row = 3 * WIDTH as usize + 1;
    let mut height = (max / row) as u32;
    while height > 1 && png_len(WIDTH, height) > max {
        height -= 1;
    }
    height
}

/// An 8-bit RGB PNG of `rgb` (`width * height * 3` bytes, rows top to bottom), every row with
/// filter 0 (none) and the image data in stored deflate blocks: [`png_len`] bytes exactly. The
/// `png` crate writes the signature, the chunks and their CRCs; the IDAT's zlib stream is ours,
/// since the crate has no level that stores for certain.
fn encode_rgb(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    let row = 3 * width as usize;
    if rgb.len() != row * height as usize {
        return Err(format!("{} bytes for {width}x{height} RGB", rgb.len()));
    }
    let mut raw = Vec::with_capacity((row + 1) * height as usize);
    for line in rgb.chunks(row) {
        raw.push(0);
        raw.extend_from_slice(line);
    }
    let idat = idv_fixtures::png::zlib_stored(&raw);
    drop(raw);
    let mut out = Vec::with_capacity(png_len(width, height));
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_chunk(png::chunk::IDAT, &idat)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// `len` bytes of noise (xorshift64*; the same bytes for the same seed).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    seed |= 1;
    while out.len() < len {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        out.extend_from_slice(&seed.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The benchmark's photo: noise, [`WIDTH`] wide, as tall as fits in [`TARGET_BYTES`], checked
/// the way the sandbox will check it.
fn make_photo() -> Result<(Vec<u8>, u32, u32), String> {
    let height = height_for(TARGET_BYTES);
    let rgb = noise(3 * WIDTH as usize * height as usize, 0x1D5_CA9E);
    let png = encode_rgb(WIDTH, height, &rgb)?;
    if png.len() != png_len(WIDTH, height) || png.len() > idv_core::media::MAX_UPLOAD_BYTES {
        return Err(format!("the PNG came out at {} bytes", png.len()));
    }
    idv_core::media::inspect_image(&png, &idv_core::media::Limits::DEFAULT)
        .map_err(|e| format!("the sandbox would refuse the PNG: {e}"))?;
    Ok((png, WIDTH, height))
}

/// The multipart form of one front-side upload (what the app sends: `side`, `corners`, `file`)
/// and its boundary, which must not occur in the file.
fn form(png: &[u8]) -> Result<(Vec<u8>, String), String> {
    let boundary = "idv-load-uploads-4f1c2a9e0b7d3c5a6e8f9012".to_owned();
    if png
        .windows(boundary.len())
        .any(|w| w == boundary.as_bytes())
    {
        return Err("the boundary occurs in the file".into());
    }
    let mut body = Vec::with_capacity(png.len() + 1024);
    for (name, value) in [("side", "front"), ("corners", CORNERS)] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"id-front.png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(png);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Ok((body, boundary))
}

// ---------------------------------------------------------------------------------------------
// Sessions.

struct Api {
    http: reqwest::Client,
    base: String,
    key: String,
}

impl Api {
    /// A `document_only` session with consent given: its client token, on the front side's
    /// screen.
    async fn front_side_session(&self, name: &str) -> Result<String, String> {
        let session = self
            .json(
                self.http
                    .post(format!("{}/v1/sessions", self.base))
                    .bearer_auth(&self.key)
                    .json(&json!({
                        "ref_id": name,
                        "workflow_id": "document_only",
                        "force_creation": true,
                    })),
            )
            .await?;
        let token = session["token"].as_str().ok_or("no token")?.to_owned();
        let preflight = self
            .json(
                self.http
                    .post(format!("{}/v1/client/consent", self.base))
                    .bearer_auth(&token)
                    .json(&json!({"accepted": true})),
            )
            .await?;
        match preflight["screen"].as_str() {
            Some("scan_id_document_front_screen") => Ok(token),
            other => Err(format!("after consent the screen is {other:?}")),
        }
    }

    async fn json(&self, request: reqwest::RequestBuilder) -> Result<Value, String> {
        let response = request.send().await.map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response.text().await.map_err(|e| e.to_string())?;
        if !status.is_success() {
            return Err(format!("{status}: {body}"));
        }
        serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))
    }
}

/// `count` sessions made `gate`-many at a time, in order.
async fn sessions(api: &Arc<Api>, count: usize, gate: usize) -> Result<Vec<String>, String> {
    let gate = Arc::new(Semaphore::new(gate.max(1)));
    let tasks: Vec<_> = (0..count)
        .map(|i| {
            let (api, gate) = (api.clone(), gate.clone());
            tokio::spawn(async move {
                let _permit = gate.acquire().await.map_err(|e| e.to_string())?;
                api.front_side_session(&format!("uploads-{i}")).await
            })
        })
        .collect();
    let mut tokens = Vec::with_capacity(count);
    for t in tasks {
        tokens.push(t.await.map_err(|e| e.to_string())??);
    }
    Ok(tokens)
}

// ---------------------------------------------------------------------------------------------
// The probe and the uploads.

/// What the run is doing when a preflight starts.
const SETTLING: u8 = 0;
const BASELINE: u8 = 1;
const UPLOADING: u8 = 2;

struct Probe {
    /// When the preflight was sent.
    phase: u8,
    ms: f64,
    error: Option<String>,
}

/// Asks for the preflight every `interval` until `stop`, tagging each with the phase it began
/// in. A preflight slower than the interval is followed by the next one at once.
async fn probe(
    http: reqwest::Client,
    url: String,
    token: String,
    interval: Duration,
    phase: Arc<AtomicU8>,
    stop: Arc<AtomicBool>,
) -> Vec<Probe> {
    let mut samples = Vec::new();
    let mut tick = tokio::time::interval(interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !stop.load(Ordering::SeqCst) {
        tick.tick().await;
        let now = phase.load(Ordering::SeqCst);
        let started = Instant::now();
        let result = async {
            let response = http
                .get(&url)
                .bearer_auth(&token)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let status = response.status();
            let body = response.text().await.map_err(|e| e.to_string())?;
            if status.is_success() {
                Ok(())
            } else {
                Err(format!("{status}: {body}"))
            }
        }
        .await;
        samples.push(Probe {
            phase: now,
            ms: started.elapsed().as_secs_f64() * 1000.0,
            error: result.err(),
        });
    }
    samples
}

struct Uploaded {
    ms: f64,
    /// The status, or `None` when no answer came (the message says why).
    status: Option<u16>,
    error: Option<String>,
}

/// One upload of the form, released with the others by `start`.
async fn upload(
    http: reqwest::Client,
    url: String,
    token: String,
    key: String,
    body: &'static [u8],
    boundary: Arc<str>,
    start: Arc<Barrier>,
) -> Uploaded {
    start.wait().await;
    let started = Instant::now();
    let sent = http
        .post(&url)
        .bearer_auth(&token)
        .header("Idempotency-Key", key)
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await;
    let (status, error) = match sent {
        Err(e) => (None, Some(e.to_string())),
        Ok(response) => {
            let status = response.status().as_u16();
            match response.text().await {
                Err(e) => (Some(status), Some(e.to_string())),
                Ok(text) if status == 201 => (Some(status), stored_wrong(&text)),
                Ok(text) => (Some(status), Some(text)),
            }
        }
    };
    Uploaded {
        ms: started.elapsed().as_secs_f64() * 1000.0,
        status,
        error,
    }
}

/// Why a `201` answer is not what the upload should have got (the PNG stored, whole, and the
/// flow on to the back side), if it is not.
fn stored_wrong(answer: &str) -> Option<String> {
    let v: Value = match serde_json::from_str(answer) {
        Ok(v) => v,
        Err(e) => return Some(format!("201 with {e}: {answer}")),
    };
    let expected = v["format"] == "png"
        && v["width"] == WIDTH
        && v["preflight"]["screen"] == "scan_id_document_back_screen";
    (!expected).then(|| format!("201 with an unexpected answer: {answer}"))
}

fn figures(sorted: &[f64]) -> String {
    format!(
        "p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        crate::percentile(sorted, 0.5),
        crate::percentile(sorted, 0.99),
        sorted.last().copied().unwrap_or(f64::NAN)
    )
}

/// Runs the benchmark with the arguments after `uploads`; the process's exit code.
pub async fn run(argv: Vec<String>) -> i32 {
    let args = match args(argv) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("idv-load uploads: {e}");
            return 2;
        }
    };
    match bench(&args).await {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(e) => {
            eprintln!("idv-load uploads: {e}");
            1
        }
    }
}

/// The benchmark; `Ok(false)` when an upload or a preflight failed.
async fn bench(args: &Args) -> Result<bool, String> {
    let made = Instant::now();
    let (png, width, height) = make_photo()?;
    let (body, boundary) = form(&png)?;
    let mib = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    println!(
        "uploads: the photo: {width}x{height} RGB PNG of noise in stored deflate blocks, {} bytes = {:.2} MiB (cap {:.0} MiB), made in {:.2} s; form body {} bytes",
        png.len(),
        mib(png.len()),
        mib(idv_core::media::MAX_UPLOAD_BYTES),
        made.elapsed().as_secs_f64(),
        body.len()
    );
    // One body for every upload, for the whole (short-lived) process: no copy per request.
    let body: &'static [u8] = Box::leak(body.into_boxed_slice());
    let boundary: Arc<str> = boundary.into();

    let api = Arc::new(Api {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(300))
            .build()
            .map_err(|e| e.to_string())?,
        base: args.url.clone(),
        key: args.key.clone(),
    });
    let ready = Instant::now();
    let probe_token = api.front_side_session("uploads-probe").await?;
    let tokens = sessions(&api, args.uploaders * args.rounds, 8).await?;
    println!(
        "uploads: {} sessions ready in {:.2} s (the probe + {} rounds x {} uploaders; document_only, consent given, on the front side's screen)",
        tokens.len() + 1,
        ready.elapsed().as_secs_f64(),
        args.rounds,
        args.uploaders
    );

    let before = args.pid.and_then(crate::memory);
    // The probe is another user's phone: a client (and so a connection) of its own, on a thread
    // and runtime of its own. On the uploads' runtime it waited behind twenty tasks writing
    // 10 MiB bodies, and measured this generator's scheduling as much as the sandbox.
    let phase = Arc::new(AtomicU8::new(SETTLING));
    let stop = Arc::new(AtomicBool::new(false));
    let probe_http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())?;
    let probe_url = format!("{}/v1/client/preflight", args.url);
    let (probe_phase, probe_stop, interval) = (phase.clone(), stop.clone(), args.interval);
    let prober = std::thread::Builder::new()
        .name("probe".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(runtime.block_on(probe(
                probe_http,
                probe_url,
                probe_token,
                interval,
                probe_phase,
                probe_stop,
            )))
        })
        .map_err(|e| e.to_string())?;
    // Its connection is opened before the baseline starts.
    tokio::time::sleep(Duration::from_millis(200)).await;
    phase.store(BASELINE, Ordering::SeqCst);
    tokio::time::sleep(args.baseline).await;
    phase.store(SETTLING, Ordering::SeqCst);

    let media = format!("{}/v1/client/media", args.url);
    let mut results = Vec::new();
    let mut rounds = Vec::new();
    let mut uploading = Duration::ZERO;
    let mut peak = None::<(f64, f64)>;
    for (round, tokens) in tokens.chunks(args.uploaders).enumerate() {
        let start = Arc::new(Barrier::new(tokens.len() + 1));
        let tasks: Vec<_> = tokens
            .iter()
            .enumerate()
            .map(|(i, token)| {
                tokio::spawn(upload(
                    api.http.clone(),
                    media.clone(),
                    token.clone(),
                    format!("uploads-{round}-{i}"),
                    body,
                    boundary.clone(),
                    start.clone(),
                ))
            })
            .collect();
        phase.store(UPLOADING, Ordering::SeqCst);
        let started = Instant::now();
        start.wait().await;
        let mut round_results = Vec::new();
        for t in tasks {
            round_results.push(t.await.unwrap_or_else(|e| Uploaded {
                ms: 0.0,
                status: None,
                error: Some(e.to_string()),
            }));
        }
        let took = started.elapsed();
        phase.store(SETTLING, Ordering::SeqCst);
        uploading += took;
        if let Some(m) = args.pid.and_then(crate::memory) {
            peak = Some(m);
        }
        let mut times: Vec<f64> = round_results.iter().map(|u| u.ms).collect();
        times.sort_by(f64::total_cmp);
        rounds.push(format!(
            "uploads: round {}: {} uploads at once, all answered in {:.2} s; each upload {}",
            round + 1,
            round_results.len(),
            took.as_secs_f64(),
            figures(&times)
        ));
        results.extend(round_results);
        // The next round starts from a quiet sandbox.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    stop.store(true, Ordering::SeqCst);
    let samples = prober
        .join()
        .map_err(|_| "the probe's thread panicked".to_owned())??;

    let sorted = |phase: u8| {
        let mut ms: Vec<f64> = samples
            .iter()
            .filter(|s| s.phase == phase && s.error.is_none())
            .map(|s| s.ms)
            .collect();
        ms.sort_by(f64::total_cmp);
        ms
    };
    let (baseline, loaded) = (sorted(BASELINE), sorted(UPLOADING));
    let probe_errors: Vec<&String> = samples.iter().filter_map(|s| s.error.as_ref()).collect();
    println!(
        "uploads: preflight, baseline (no upload, {:.1} s): {} calls, {}",
        args.baseline.as_secs_f64(),
        baseline.len(),
        figures(&baseline)
    );
    println!(
        "uploads: preflight, while {} uploads run at once ({} rounds, {:.2} s in all): {} calls, {}",
        args.uploaders,
        rounds.len(),
        uploading.as_secs_f64(),
        loaded.len(),
        figures(&loaded)
    );
    for line in &rounds {
        println!("{line}");
    }
    let completed = results.iter().filter(|u| u.error.is_none()).count();
    let failed: Vec<&Uploaded> = results.iter().filter(|u| u.error.is_some()).collect();
    let mut statuses = std::collections::BTreeMap::<String, usize>::new();
    for u in &failed {
        let status = u.status.map_or("no answer".to_owned(), |s| s.to_string());
        *statuses.entry(status).or_default() += 1;
    }
    let moved = mib(completed * png.len());
    println!(
        "uploads: {completed} completed, {} failed{}; {moved:.1} MiB of files in {:.2} s of uploading = {:.1} MiB/s",
        failed.len(),
        if statuses.is_empty() {
            String::new()
        } else {
            format!(
                " (status: {})",
                statuses
                    .iter()
                    .map(|(s, n)| format!("{s} x{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        uploading.as_secs_f64(),
        moved / uploading.as_secs_f64().max(f64::EPSILON)
    );
    for u in failed.iter().take(5) {
        let text = u.error.as_deref().unwrap_or_default();
        println!(
            "uploads: failed: {}: {}",
            u.status.map_or("no answer".to_owned(), |s| s.to_string()),
            text.chars().take(300).collect::<String>()
        );
    }
    println!("uploads: preflight errors: {}", probe_errors.len());
    for e in probe_errors.iter().take(5) {
        println!("uploads: preflight error: {e}");
    }
    if let (Some(b), Some(p)) = (before, peak) {
        println!(
            "uploads: sandbox memory: {:.1} MiB before the uploads, {:.1} MiB after the last round; peak {:.1} MiB",
            b.0, p.0, p.1
        );
    }
    Ok(failed.is_empty() && probe_errors.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_png_decodes_to_its_pixels_and_has_its_predicted_size() {
        // Several stored blocks (over 65,535 bytes of rows), an odd width.
        let (width, height) = (331, 97);
        let rgb = noise(3 * width as usize * height as usize, 7);
        let png = encode_rgb(width, height, &rgb).unwrap();
        assert_eq!(png.len(), png_len(width, height));
        let mut reader = png::Decoder::new(png.as_slice()).read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(
            (frame.width, frame.height, frame.color_type, frame.bit_depth),
            (width, height, png::ColorType::Rgb, png::BitDepth::Eight)
        );
        assert_eq!(&pixels[..frame.buffer_size()], rgb.as_slice());
    }

    #[test]
    fn the_photo_is_just_under_the_cap_and_the_sandbox_takes_it() {
        let (png, width, height) = make_photo().unwrap();
        assert!(png.len() <= TARGET_BYTES && png.len() + 16 * 1024 > TARGET_BYTES);
        let info = idv_core::media::inspect_image(&png, &idv_core::media::Limits::DEFAULT).unwrap();
        assert_eq!((info.width, info.height), (width, height));
        let (body, _) = form(&png).unwrap();
        assert!(body.len() <= idv_core::media::MAX_UPLOAD_BYTES + 64 * 1024);
    }
}
