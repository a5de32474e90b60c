//! The `consult` command line: arguments → one command → exit code.

use clap::{Parser, Subcommand};
use consult::commands::{self, Run};
use consult::diagnostic::Diagnostic;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// A static site generator for public consultation documents.
#[derive(Parser)]
#[command(name = "consult", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only when the whole build succeeds).
    Build {
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; defaults to public/ inside the site folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check everything a build checks, writing nothing.
    Check {
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Preview the site while writing: build it in memory, serve it on this computer, rebuild and reload on every save.
    Serve {
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to try first (the next free one is taken if it is busy; 0 for any free port).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// The address to listen on. Another than 127.0.0.1 makes the preview reachable by others.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Start a new consultation site in DIR from a small template.
    New {
        /// The folder to create (missing or empty).
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    match cli.command {
        Command::Build { root, out } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let run = commands::build(&root, &out);
            finish(run, started, &format!("built {}", out.display()))
        }
        Command::Check { root } => finish(commands::check(&root), started, "checked"),
        Command::Serve { root, port, bind, open } => {
            match commands::serve::serve(commands::serve::Options { root, port, bind, open }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    eprintln!("{d}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New { dir } => match commands::new_site(&dir) {
            Ok(()) => {
                println!("created {}; preview it with: consult serve --root {}", dir.display(), dir.display());
                ExitCode::SUCCESS
            }
            Err(d) => {
                eprintln!("{d}");
                ExitCode::FAILURE
            }
        },
    }
}

fn finish(run: Run, started: Instant, done: &str) -> ExitCode {
    let errors = run.diagnostics.error_count();
    let warnings = run.diagnostics.warning_count();
    for d in run.diagnostics.sorted() {
        eprintln!("{d}\n");
    }
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match run.output {
        Some(out) if errors == 0 => {
            eprintln!(
                "{done}: {} in {} ms{}",
                plural(out.files.len(), "file"),
                started.elapsed().as_millis(),
                if warnings > 0 { format!(", {}", plural(warnings, "warning")) } else { String::new() }
            );
            ExitCode::SUCCESS
        }
        _ => {
            let errors = errors.max(1);
            eprintln!(
                "{}",
                Diagnostic::global(format!(
                    "{}, {}; nothing was written",
                    plural(errors, "error"),
                    plural(warnings, "warning")
                ))
            );
            ExitCode::FAILURE
        }
    }
}
