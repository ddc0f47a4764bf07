//! The `concur` binary: parse the command line and hand over to the library.

use std::io::Write;

use clap::Parser;

fn main() {
    // A demo's worker process: before any parsing, terminal or hook set-up.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(concur::demo::WORKER_SUBCOMMAND) {
        std::process::exit(concur::demo::worker_main(&args[2..]));
    }
    let code = match concur::cli::Cli::try_parse() {
        Ok(cli) => run(cli),
        Err(e) => concur::commands::clap_error(&e),
    };
    std::process::exit(code);
}

/// Runs the command; prints its error, if any; returns the exit code.
fn run(cli: concur::cli::Cli) -> i32 {
    match concur::commands::run(cli) {
        Ok(code) => code,
        // `concur due | head`: the reader left; that is not an error.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            0
        }
        Err(e) => {
            // Not eprintln!: it panics when stderr is gone.
            let _ = writeln!(std::io::stderr(), "{}", concur::commands::error_line(&e));
            // 2 for a usage error (as clap's own), 1 for a failure.
            concur::commands::exit_code(&e)
        }
    }
}
