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
    /// Freeze the current sources as a new published version, after a full check.
    Publish {
        /// The new version: numbers separated by dots, greater than the latest (`2`, `1.1`).
        version: String,
        /// A line saying what this version changed.
        #[arg(long)]
        summary: String,
        /// A release note (repeat for several).
        #[arg(long = "note")]
        notes: Vec<String>,
        /// The publication date, YYYY-MM-DD (default: today, UTC).
        #[arg(long)]
        date: Option<String>,
        /// Publish even if nothing changed since the latest version.
        #[arg(long)]
        allow_empty: bool,
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
        Command::Publish { version, summary, notes, date, allow_empty, root } => {
            let what = commands::Publish { version, summary, notes, date, allow_empty };
            let (done, diagnostics) = commands::publish(&root, &what);
            let output = done.as_ref().map(|_| consult::render::Output::default());
            let message = match &done {
                Some((folder, files)) => format!("published {folder}: {files} files frozen"),
                None => String::new(),
            };
            finish_with(Run { output, diagnostics }, started, &message, false, "nothing was published")
        }
        Command::New { dir } => match commands::new_site(&dir) {
            Ok(()) => {
                println!("created {}; build it with: consult build --root {}", dir.display(), dir.display());
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
    finish_with(run, started, done, true, "nothing was written")
}

fn finish_with(run: Run, started: Instant, done: &str, count_files: bool, failed: &str) -> ExitCode {
    let errors = run.diagnostics.error_count();
    let warnings = run.diagnostics.warning_count();
    for d in run.diagnostics.sorted() {
        eprintln!("{d}\n");
    }
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match run.output {
        Some(out) if errors == 0 => {
            let files = if count_files { format!(": {}", plural(out.files.len(), "file")) } else { String::new() };
            eprintln!(
                "{done}{files} in {} ms{}",
                started.elapsed().as_millis(),
                if warnings > 0 { format!(", {}", plural(warnings, "warning")) } else { String::new() }
            );
            ExitCode::SUCCESS
        }
        _ => {
            let errors = errors.max(1);
            eprintln!(
                "{}",
                Diagnostic::global(format!("{}, {}; {failed}", plural(errors, "error"), plural(warnings, "warning")))
            );
            ExitCode::FAILURE
        }
    }
}
