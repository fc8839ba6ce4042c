//! `idv-sandbox`: the sandbox platform on a laptop. Reads `IDV_*` from the environment.
//!
//! `idv-sandbox [--demo <workflow>]`: serve; with `--demo`, also create a session and print its
//! links and a QR code of the start URL. `idv-sandbox create|list|show|codes|outcome ...`: the
//! command line for a running sandbox (`src/cli.rs`).

use idv_core::CreateSessionRequest;
use idv_sandbox::{sessions, AppState, Config};
use std::process::ExitCode;

fn usage() -> String {
    format!(
        "usage: idv-sandbox [--demo <workflow>]\n\
         workflows: full, kyc, document_only, contact, consent_only, passport\n\
         environment: IDV_ADDR, IDV_API_KEY, IDV_DATA_DIR, IDV_PUBLIC_ORIGIN, IDV_DIST_DIR,\n\
         IDV_DECISION_DELAY_MS, IDV_FRAME_ANCESTORS (see README.md)\n{}",
        idv_sandbox::cli::USAGE
    )
}

/// A command for a running sandbox: it reads the same environment for the address and key.
async fn command(args: &[String]) -> ExitCode {
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("idv-sandbox: {e}");
            return ExitCode::from(2);
        }
    };
    let target = idv_sandbox::cli::Target {
        base: std::env::var("IDV_URL")
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|_| format!("http://{}", config.addr)),
        key: config.api_key.clone(),
    };
    match idv_sandbox::cli::run(args, &target).await {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("idv-sandbox: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let all: Vec<String> = std::env::args().skip(1).collect();
    if all.first().is_some_and(|a| idv_sandbox::cli::is_command(a)) {
        return command(&all).await;
    }
    let mut demo: Option<String> = None;
    let mut args = all.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--demo" => match args.next() {
                Some(w) => demo = Some(w),
                None => {
                    eprintln!("{}", usage());
                    return ExitCode::from(2);
                }
            },
            "serve" => {}
            "-h" | "--help" => {
                println!("{}", usage());
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("unknown argument {other:?}\n{}", usage());
                return ExitCode::from(2);
            }
        }
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("idv-sandbox: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "idv-sandbox: cannot listen on {}: {e} (set IDV_ADDR)",
                config.addr
            );
            return ExitCode::from(1);
        }
    };
    let state = match AppState::open(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("idv-sandbox: {e}");
            return ExitCode::from(1);
        }
    };
    let c = state.config();
    println!(
        "idv-sandbox listening on {} (public origin {})",
        c.addr, c.public_origin
    );
    match &c.dist_dir {
        Some(d) => println!("serving the app from {}", d.display()),
        None => println!("no app build found: serving the API only (set IDV_DIST_DIR)"),
    }
    println!("data in {}", c.data_dir.display());
    if c.api_key_generated {
        println!(
            "development API key (kept in the data directory): {}",
            c.api_key
        );
    }
    if let Some(workflow) = demo {
        if let Err(code) = print_demo(&state, workflow) {
            return code;
        }
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    tokio::select! {
        result = idv_sandbox::serve(listener, state) => {
            if let Err(e) = result {
                eprintln!("idv-sandbox: {e}");
                return ExitCode::from(1);
            }
        }
        _ = shutdown => println!("idv-sandbox: stopped"),
    }
    ExitCode::SUCCESS
}

fn print_demo(state: &AppState, workflow: String) -> Result<(), ExitCode> {
    let req = CreateSessionRequest {
        ref_id: "demo-user".to_owned(),
        workflow_id: Some(workflow),
        return_url: None,
        force_creation: true,
        locale: None,
        user: None,
        branding: None,
    };
    let session = match sessions::create(state, req) {
        Ok((_, s)) => s,
        Err(e) => {
            eprintln!("idv-sandbox: cannot create the demo session: {}", e.message);
            return Err(ExitCode::from(2));
        }
    };
    println!();
    print!("Demo {}", idv_sandbox::cli::links(&session));
    Ok(())
}
