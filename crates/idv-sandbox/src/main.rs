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
         IDV_DECISION_DELAY_MS, IDV_FRAME_ANCESTORS, IDV_ALLOWED_ORIGINS, IDV_API_ORIGIN,\n\
         IDV_IDLE_TIMEOUT_S, IDV_MAX_CONNECTIONS, IDV_RETENTION_DAYS\n\
         (see README.md)\n{CLI_USAGE}"
    )
}

/// The command line for a running sandbox is the sandbox's own (its `codes` and `outcome` are
/// sandbox controls): a production build has none.
#[cfg(feature = "sandbox-api")]
const CLI_USAGE: &str = idv_sandbox::cli::USAGE;
#[cfg(not(feature = "sandbox-api"))]
const CLI_USAGE: &str = "";

/// A command for a running sandbox: it reads the same environment for the address and key.
#[cfg(feature = "sandbox-api")]
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
    #[cfg(feature = "sandbox-api")]
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
    let mut config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("idv-sandbox: {e}");
            return ExitCode::from(2);
        }
    };
    let tls_names = match lan_https(&mut config) {
        Ok(names) => names,
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
    let serving: std::pin::Pin<Box<dyn std::future::Future<Output = std::io::Result<()>> + Send>> =
        match tls_names {
            None => Box::pin(idv_sandbox::serve(listener, state)),
            Some(names) => {
                let tls = idv_sandbox::tls::certificate(&state.config().data_dir, &names).and_then(
                    |(cert, key)| idv_sandbox::tls::TlsListener::new(listener, cert, key),
                );
                match tls {
                    Ok(tls) => {
                        println!(
                            "HTTPS with a certificate this sandbox made for {}: on the phone, open \
                             the link and accept the certificate warning once (see README.md)",
                            names.join(", ")
                        );
                        Box::pin(idv_sandbox::serve(tls, state))
                    }
                    Err(e) => {
                        eprintln!("idv-sandbox: {e}");
                        return ExitCode::from(1);
                    }
                }
            }
        };
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    tokio::select! {
        result = serving => {
            if let Err(e) = result {
                eprintln!("idv-sandbox: {e}");
                return ExitCode::from(1);
            }
        }
        _ = shutdown => println!("idv-sandbox: stopped"),
    }
    ExitCode::SUCCESS
}

/// `IDV_TLS=lan`: HTTPS on this machine's LAN address, so a phone on the same network can use
/// its camera (browsers allow it only in a secure context). Listens on `0.0.0.0:8443` and
/// announces `https://<lan ip>:8443` unless `IDV_ADDR` / `IDV_PUBLIC_ORIGIN` say otherwise.
/// Returns the names the certificate must cover, or `None` for plain HTTP.
fn lan_https(config: &mut Config) -> Result<Option<Vec<String>>, String> {
    match std::env::var("IDV_TLS").ok().as_deref() {
        None | Some("") => return Ok(None),
        Some("lan") => {}
        Some(other) => return Err(format!("IDV_TLS={other:?}: the only mode is \"lan\"")),
    }
    let ip = idv_sandbox::tls::lan_ip()
        .ok_or("IDV_TLS=lan: this machine has no LAN address (is it on a network?)")?;
    if std::env::var_os("IDV_ADDR").is_none() {
        config.addr = std::net::SocketAddr::from(([0, 0, 0, 0], 8443));
    }
    if std::env::var_os("IDV_PUBLIC_ORIGIN").is_none() {
        config.public_origin = match ip {
            std::net::IpAddr::V6(v6) => format!("https://[{v6}]:{}", config.addr.port()),
            v4 => format!("https://{v4}:{}", config.addr.port()),
        };
    }
    Ok(Some(vec![
        ip.to_string(),
        "localhost".into(),
        "127.0.0.1".into(),
    ]))
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
    #[cfg(feature = "sandbox-api")]
    print!("Demo {}", idv_sandbox::cli::links(&session));
    #[cfg(not(feature = "sandbox-api"))]
    println!(
        "Demo session {}: {}",
        session.session_id,
        session.start_url.as_deref().unwrap_or_default()
    );
    Ok(())
}
