//! The `concur` binary: parse the command line and hand over to the library.

use clap::Parser;

fn main() {
    let cli = concur::cli::Cli::parse();
    let code = match concur::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("concur: error: {e:#}");
            1
        }
    };
    std::process::exit(code);
}
