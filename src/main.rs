//! The `consult` command line: arguments → one command → exit code.

use clap::{Parser, Subcommand};
use consult::commands::{self, Run};
use consult::diagnostic::{Diagnostic, Severity};
use consult::write::interrupt;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

// A build makes and frees millions of small strings on every core; mimalloc
// does that markedly faster than the system allocator (bench/run: a third off
// a large document's check), at some cost in peak memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Replaced only when missing, empty or written by consult.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace the output folder even if consult did not write it (never the site's own folders).
        #[arg(long)]
        force: bool,
        /// Render every published version afresh: neither read nor fill the cache in
        /// .consult/cache/, and write every file rather than keep unchanged ones.
        #[arg(long)]
        no_cache: bool,
        /// A site folder given without --root (answered with a hint).
        #[arg(hide = true)]
        stray: Option<PathBuf>,
    },
    /// Check everything a build checks, writing nothing.
    Check {
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Render every published version afresh instead of reading .consult/cache/.
        #[arg(long)]
        no_cache: bool,
        /// A site folder given without --root (answered with a hint).
        #[arg(hide = true)]
        stray: Option<PathBuf>,
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
    /// Turn a plain-text (.txt), Word (.docx) or converted Markdown (.md) report into documents in the site's content/, paragraph numbers kept.
    Import {
        /// The file to import.
        file: PathBuf,
        /// The kind of the first document (appendices found in it are always appendices).
        #[arg(long, value_enum, default_value = "report")]
        kind: consult::import::Kind,
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace files the import would write that exist already.
        #[arg(long)]
        force: bool,
    },
    /// Start a new consultation site in DIR from a small template.
    New {
        /// The folder to create (missing or empty).
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The preview handles Ctrl-C itself; every other command may be writing.
    if !matches!(cli.command, Command::Serve { .. }) {
        interrupt::install();
    }
    let started = Instant::now();
    match cli.command {
        Command::Build { stray: Some(dir), .. } => stray_folder("build", &dir),
        Command::Check { stray: Some(dir), .. } => stray_folder("check", &dir),
        Command::Build { root, out, force, no_cache, stray: None } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let run = commands::build(&root, &out, commands::Build { force, cache: !no_cache });
            finish(run, started, &format!("built {}", out.display()))
        }
        Command::Check { root, no_cache, stray: None } => {
            let run = commands::check_only(&root, no_cache);
            finish(run, started, "checked")
        }
        Command::Publish { version, summary, notes, date, allow_empty, root } => {
            let what = commands::Publish { version, summary, notes, date, allow_empty };
            let (done, diagnostics) = commands::publish(&root, &what);
            let output = done.as_ref().map(|_| consult::render::Output::default());
            let message = match &done {
                Some((folder, files)) => format!("published {folder}: {files} files frozen"),
                None => String::new(),
            };
            finish_with(Run { output, diagnostics, site: None }, started, &message, false, "nothing was published")
        }
        Command::Serve { root, port, bind, open } => {
            consult::memory::keep_while_serving();
            match commands::serve::serve(commands::serve::Options { root, port, bind, open }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    say(d);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import { file, kind, root, force } => {
            imported(consult::import::import(&consult::import::Options { file, kind, root, force }))
        }
        Command::New { dir } => match commands::new_site(&dir) {
            Ok(()) => {
                say(format!("created {}; preview it with: consult serve --root {}", dir.display(), dir.display()));
                ExitCode::SUCCESS
            }
            Err(d) => {
                say(d);
                ExitCode::FAILURE
            }
        },
    }
}

/// Prints what an import wrote (or why it wrote nothing) and its warnings.
fn imported(result: Result<consult::import::Done, consult::diagnostic::Diagnostics>) -> ExitCode {
    match result {
        Ok(done) => {
            let warnings = done.warnings.warning_count();
            for d in done.warnings.sorted() {
                say(format_args!("{d}\n"));
            }
            for line in &done.made {
                say(line);
            }
            if warnings > 0 {
                say(format_args!("{warnings} warning{}", if warnings == 1 { "" } else { "s" }));
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => finish_with(Run::failed(diagnostics), Instant::now(), "", false, "nothing was written"),
    }
}

/// `consult build my-site`: the folder belongs after --root.
fn stray_folder(command: &str, dir: &std::path::Path) -> ExitCode {
    say(Diagnostic::global(format!("unexpected argument '{}'", dir.display()))
        .with_help(format!("the site folder is given with --root: consult {command} --root {}", dir.display())));
    ExitCode::from(2)
}

/// Prints to stderr, where all of consult's messages go. A closed or full
/// stderr (`consult check 2>&1 | head -1`, `2>/dev/full`) is not worth a
/// panic: the exit code still tells the outcome.
fn say(text: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

fn finish(run: Run, started: Instant, done: &str) -> ExitCode {
    finish_with(run, started, done, true, "nothing was written")
}

fn finish_with(run: Run, started: Instant, done: &str, count_files: bool, failed: &str) -> ExitCode {
    let errors = run.diagnostics.error_count();
    let warnings = run.diagnostics.warning_count();
    // Notes speak of the output, so they are left out when there is none.
    for d in run.diagnostics.sorted().into_iter().filter(|d| errors == 0 || d.severity != Severity::Note) {
        say(format_args!("{d}\n"));
    }
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    // The process ends now: freeing a large site piece by piece would only delay it.
    std::mem::forget(run.site);
    match run.output {
        Some(out) if errors == 0 => {
            let files = if count_files { format!(": {}", plural(out.len(), "file")) } else { String::new() };
            say(format_args!(
                "{done}{files} in {} ms{}",
                started.elapsed().as_millis(),
                if warnings > 0 { format!(", {}", plural(warnings, "warning")) } else { String::new() }
            ));
            std::mem::forget(out);
            ExitCode::SUCCESS
        }
        _ => {
            let errors = errors.max(1);
            say(Diagnostic::global(format!("{}, {}; {failed}", plural(errors, "error"), plural(warnings, "warning"))));
            if interrupt::interrupted() {
                return ExitCode::from(interrupt::EXIT_CODE);
            }
            ExitCode::FAILURE
        }
    }
}
