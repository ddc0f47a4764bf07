//! Thin wiring for the demo subsystem (the real CLI replaces this).

use std::io::Write;
use std::time::Duration;

use concur::demo::{DemoArgs, WORKER_SUBCOMMAND, run_cli, worker_main};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    // The worker must come first: before any terminal or hook set-up.
    if args.get(1).map(String::as_str) == Some(WORKER_SUBCOMMAND) {
        std::process::exit(worker_main(&args[2..]));
    }
    let code = match args.get(1).map(String::as_str) {
        Some("demo") => match parse_demo(&args[2..]) {
            Ok(demo) => {
                let mut out = std::io::stdout().lock();
                let code = run_cli(&demo, &mut out).unwrap_or_else(|e| {
                    eprintln!("error: {e:#}");
                    1
                });
                let _ = out.flush();
                code
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                2
            }
        },
        _ => {
            eprintln!(
                "usage: concur demo --list | concur demo NAME [--workers N] [--json] [--python] [--duration SECS]"
            );
            2
        }
    };
    std::process::exit(code);
}

fn parse_demo(args: &[String]) -> Result<DemoArgs, String> {
    let mut demo = DemoArgs::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--list" => demo.list = true,
            "--json" => demo.json = true,
            "--python" => demo.python = true,
            "--workers" => {
                let v = it.next().ok_or("--workers needs a number")?;
                demo.workers = Some(v.parse().map_err(|_| format!("bad --workers '{v}'"))?);
            }
            "--duration" => {
                let v = it.next().ok_or("--duration needs seconds")?;
                let secs: f64 = v.parse().map_err(|_| format!("bad --duration '{v}'"))?;
                if !(secs.is_finite() && secs > 0.0) {
                    return Err(format!("bad --duration '{v}'"));
                }
                demo.duration = Some(Duration::from_secs_f64(secs.min(3600.0)));
            }
            s if s.starts_with('-') => return Err(format!("unknown option '{s}'")),
            name if demo.name.is_none() => demo.name = Some(name.to_string()),
            extra => return Err(format!("unexpected argument '{extra}'")),
        }
    }
    Ok(demo)
}
