//! `cargo run -p idv-example-integrator`: the example bank on http://127.0.0.1:3000, against the
//! sandbox of `scripts/run` on http://127.0.0.1:8080 (README.md beside this crate).
//!
//! `IDV_PLATFORM` (the sandbox's origin), `IDV_API_KEY` (else the sandbox's development key, read
//! from `IDV_DATA_DIR`/dev-api-key, `.data` by default, as `scripts/run` keeps it) and
//! `EXAMPLE_ADDR` change the defaults.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let platform = var("IDV_PLATFORM").unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let api_key = match var("IDV_API_KEY") {
        Some(key) => key,
        None => {
            let dir = var("IDV_DATA_DIR").unwrap_or_else(|| ".data".to_owned());
            let path = std::path::Path::new(&dir).join("dev-api-key");
            match std::fs::read_to_string(&path) {
                Ok(key) => key.trim().to_owned(),
                Err(e) => {
                    eprintln!(
                        "no API key: set IDV_API_KEY, or run this from the repository root after \
                         scripts/run has written its development key to {} ({e})",
                        path.display()
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    let addr = var("EXAMPLE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_owned());
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("Example Bank on http://{addr} (the platform: {platform})");
    println!(
        "The sandbox must let this page frame the app: IDV_FRAME_ANCESTORS=http://{addr} scripts/run"
    );
    match idv_example_integrator::serve(listener, platform, api_key).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("the example stopped: {e}");
            ExitCode::FAILURE
        }
    }
}
