//! `consult serve` as a child process on an ephemeral port, and a plain HTTP
//! client over `TcpStream`: raw request lines, so the traversal tests send
//! exactly the bytes they mean. Every wait is bounded; dropping the
//! [`Preview`] kills the server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest any single wait in these tests may take.
pub const LIMIT: Duration = Duration::from_secs(20);

/// A running `consult serve`.
pub struct Preview {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    stderr: Arc<Mutex<String>>,
}

/// An HTTP response.
#[derive(Debug)]
pub struct Got {
    pub status: u16,
    pub head: String,
    pub bytes: Vec<u8>,
    /// `bytes` as text (lossy).
    pub body: String,
}

impl Got {
    /// The value of header `name` (case-insensitive), if present.
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    /// The build tag the page's reload script waits on.
    pub fn build_tag(&self) -> Option<String> {
        let at = self.body.find("data-build=\"")? + "data-build=\"".len();
        Some(self.body[at..].split('"').next()?.to_string())
    }
}

impl Preview {
    /// Starts `consult serve --root ROOT --port 0` (unless `extra` names a port) with `extra` arguments and
    /// waits for the address it prints.
    pub fn start(root: &Path, extra: &[&str]) -> Preview {
        Preview::start_with(root, extra, &[])
    }

    /// [`Preview::start`] with environment variables set for the server.
    pub fn start_with(root: &Path, extra: &[&str], env: &[(&str, String)]) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_consult"))
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .args(["serve", "--root"])
            .arg(root)
            .args(if extra.contains(&"--port") { &[][..] } else { &["--port", "0"][..] })
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start consult serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let (tx, rx) = mpsc::channel();
        let out_pipe = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out_pipe).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("serving http://") {
                    let _ = tx.send(url.split('/').next().unwrap_or("").to_string());
                }
            }
        });
        let mut preview = Preview { child, addr: String::new(), stderr };
        match rx.recv_timeout(LIMIT) {
            Ok(addr) => preview.addr = addr,
            Err(_) => panic!("consult serve printed no address; stderr:\n{}", preview.stderr()),
        }
        preview
    }

    /// Everything the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (at most [`LIMIT`]) until the server has printed `text` on stderr.
    pub fn said(&self, text: &str) -> bool {
        let start = Instant::now();
        while !self.stderr().contains(text) {
            if start.elapsed() > LIMIT {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    /// How many builds after the first the server has run.
    pub fn rebuilds(&self) -> usize {
        let err = self.stderr();
        err.lines().filter(|l| l.starts_with("rebuilt:") || l.starts_with("build failed")).count()
    }

    /// Sends `request_line` (and a Host header) and reads the whole response.
    pub fn raw(&self, request_line: &[u8]) -> Got {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream.set_read_timeout(Some(LIMIT)).unwrap();
        stream.set_write_timeout(Some(LIMIT)).unwrap();
        let mut req = request_line.to_vec();
        req.extend_from_slice(format!("\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).as_bytes());
        stream.write_all(&req).expect("send");
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").map_or(bytes.len(), |i| i + 4);
        let head = String::from_utf8_lossy(&bytes[..split]).trim_end().to_string();
        let body = bytes[split..].to_vec();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        Got { status, head, body: String::from_utf8_lossy(&body).into_owned(), bytes: body }
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Got {
        self.raw(format!("GET {path} HTTP/1.1").as_bytes())
    }

    /// Asks the reload endpoint for the build after `tag`; returns the tag it answers.
    pub fn wait_after(&self, tag: &str) -> String {
        self.get(&format!("/__consult/wait?build={tag}")).body.trim().to_string()
    }

    /// Polls `path` until `test` holds for its response; panics after [`LIMIT`].
    pub fn until(&self, path: &str, what: &str, test: impl Fn(&Got) -> bool) -> Got {
        let start = Instant::now();
        loop {
            let got = self.get(path);
            if test(&got) {
                return got;
            }
            if start.elapsed() > LIMIT {
                panic!("{path} never showed {what}; last response:\n{}\n\nstderr:\n{}", got.body, self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits (at most `limit`) for the server to exit by itself.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}
