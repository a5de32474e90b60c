//! `consult serve`: builds the site into memory, serves it on 127.0.0.1,
//! rebuilds on every save and reloads open pages. Writes nothing to disk.
//!
//! `build` runs the pipeline (`check`), `live` holds what requests read,
//! `server` answers them, `watch` turns file events into changes, `overlay`
//! adds the reload script, the warnings bar and the error page, `paths`
//! maps request paths to output paths.

/// `eprintln!` for the preview's messages, except that a closed or full
/// stderr (`consult serve 2>&1 | head`) ends nothing: it is not worth a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod build;
mod live;
mod overlay;
mod paths;
mod server;
mod watch;

use crate::diagnostic::Diagnostic;
use build::Builder;
use live::{Built, Live};
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// What `consult serve` was asked for.
pub struct Options {
    /// The site folder.
    pub root: PathBuf,
    /// The port to try first; 0 for any free port.
    pub port: u16,
    /// The address to listen on; 127.0.0.1 unless the user chose another.
    pub bind: IpAddr,
    /// Open the preview in the default browser once it is up.
    pub open: bool,
}

/// How many ports after a busy one are tried.
const PORT_TRIES: u16 = 20;

/// Runs the preview until Ctrl-C. Errors only when it cannot start.
pub fn serve(options: Options) -> Result<(), Diagnostic> {
    let root = std::path::absolute(&options.root)
        .and_then(|p| p.canonicalize())
        .map_err(|e| Diagnostic::global(format!("cannot open the site folder {}: {e}", options.root.display())))?;

    // Watch first: a save during the first build is then seen, not lost.
    let mut watch =
        watch::Watch::start(&root).map_err(|e| Diagnostic::global(format!("cannot watch {}: {e}", root.display())))?;
    let mut builder = Builder::new(&root);
    let started = Instant::now();
    let first = builder.build();
    report(&first, started, "built", None);
    let live = Arc::new(Live::new(first));

    let listener = listen(options.bind, options.port)?;
    let addr = listener.local_addr().map_err(|e| Diagnostic::global(format!("cannot listen: {e}")))?;
    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| Diagnostic::global(format!("cannot serve on {addr}: {e}")))?,
    );

    let url = url(addr);
    if !options.bind.is_loopback() {
        say!("warning: listening on {}: the preview can be reached by other computers on your network", options.bind);
    }
    {
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), "serving {url} (press Ctrl-C to stop)");
    }
    if options.open {
        open_browser(&url);
    }

    let (stop_tx, stop) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| Diagnostic::global(format!("cannot handle Ctrl-C: {e}")))?;

    {
        let (server, live) = (server.clone(), live.clone());
        std::thread::spawn(move || server::run(server, live));
    }
    // This thread rebuilds; requests keep being answered meanwhile.
    // The second part of a build whose pages are shown: a save stops it at
    // its next checkpoint, and it is made again only if that save changed nothing.
    let mut unfinished: Option<Unfinished> = None;
    loop {
        if stop.try_recv().is_ok() {
            break;
        }
        let limit = match &unfinished {
            Some(u) => GRACE.saturating_sub(u.shown_at.elapsed()),
            None => Duration::from_millis(100),
        };
        if let Some(changes) = watch.next(limit) {
            if !changes.is_empty() && builder.needed(&changes) {
                if unfinished.take().is_some() {
                    say!("rebuilding: a save came before the search index, print page and versions were made");
                }
                unfinished = rebuild(&mut builder, &live);
                continue;
            }
        }
        if let Some(u) = unfinished.take() {
            if u.shown_at.elapsed() < GRACE {
                unfinished = Some(u);
                continue;
            }
            match builder.rest_unless(u.pending, &mut || watch.poll()) {
                Ok(built) => {
                    report(&built, u.started, "rebuilt", Some(u.shown));
                    live.complete_build(built);
                }
                Err(pending) => unfinished = Some(Unfinished { pending, ..u }),
            }
        }
    }
    server.unblock();
    say!("stopped");
    Ok(())
}

/// How long the second part of a build waits after its pages are shown, so
/// that open pages reload (their requests answered) before it takes the cores.
const GRACE: Duration = Duration::from_millis(40);

/// A build whose pages are shown and whose other files are still to make.
struct Unfinished {
    pending: build::Pending,
    started: Instant,
    /// How long after `started` the pages were shown, and when.
    shown: Duration,
    shown_at: Instant,
}

/// Builds the first part and shows it (or the errors); returns the second
/// part to make when there is one.
fn rebuild(builder: &mut Builder, live: &Live) -> Option<Unfinished> {
    live.start_build();
    let started = Instant::now();
    match builder.first() {
        (built, None) => {
            report(&built, started, "rebuilt", None);
            live.finish_build(built);
            None
        }
        (pages, Some(pending)) => {
            // The pages are shown (and open pages reload) before the rest is made.
            live.show_pages(pages);
            Some(Unfinished { pending, started, shown: started.elapsed(), shown_at: Instant::now() })
        }
    }
}

/// Prints a build's diagnostics and a one-line summary, as `build` does.
/// `shown`: how long until the pages were shown, when the rest came later.
fn report(built: &Built, started: Instant, done: &str, shown: Option<Duration>) {
    for d in &built.diagnostics {
        say!("{d}\n");
    }
    let ms = started.elapsed().as_millis();
    let warnings = built.diagnostics.iter().filter(|d| !d.is_error()).count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if built.failed {
        let errors = built.diagnostics.len() - warnings;
        say!(
            "build failed in {ms} ms: {}, {}; the browser shows them until they are fixed",
            plural(errors.max(1), "error"),
            plural(warnings, "warning")
        );
    } else {
        let files = built.len();
        let w = if warnings > 0 { format!(", {}", plural(warnings, "warning")) } else { String::new() };
        let first = shown.map(|t| format!(" (pages shown after {} ms)", t.as_millis())).unwrap_or_default();
        say!("{done}: {} in {ms} ms{first}{w}", plural(files, "file"));
    }
}

/// Binds `bind:port`, or the next free port when that one is taken.
fn listen(bind: IpAddr, port: u16) -> Result<TcpListener, Diagnostic> {
    let tries = if port == 0 { 1 } else { PORT_TRIES };
    for offset in 0..tries {
        let Some(p) = port.checked_add(offset) else { break };
        match TcpListener::bind(SocketAddr::new(bind, p)) {
            Ok(l) => return Ok(l),
            Err(e) if e.kind() == ErrorKind::AddrInUse => {
                say!("port {p} is in use; trying {}", p.saturating_add(1));
            }
            Err(e) => {
                return Err(Diagnostic::global(format!("cannot listen on {}: {e}", SocketAddr::new(bind, p)))
                    .with_help("give another address with --bind or another port with --port"))
            }
        }
    }
    Err(Diagnostic::global(format!("ports {port} to {} are all in use", port.saturating_add(tries - 1)))
        .with_help("give a free port with --port, or --port 0 for any free port"))
}

fn url(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
    }
}

fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    match std::process::Command::new(program).args(args).spawn() {
        // Reap it when it exits, so it does not linger as a zombie.
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(e) => say!("warning: cannot open a browser ({program}: {e}); open {url} yourself"),
    }
}
