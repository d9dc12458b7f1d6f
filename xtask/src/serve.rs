//! A tiny static file server on 127.0.0.1 (std::net only): GET and HEAD, one thread per
//! connection, `.wasm` as `application/wasm`, never outside the served folder. It sends the
//! Content-Security-Policy the page is designed for, so the tests check the page keeps to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;

pub const CSP: &str = "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'";

pub struct Server {
    addr: SocketAddr,
    handle: thread::JoinHandle<()>,
}

impl Server {
    /// Binds 127.0.0.1:`port` (0: a free port) and serves `root` on a background thread.
    pub fn start(root: &Path, port: u16) -> std::io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let addr = listener.local_addr()?;
        let root = root.canonicalize()?;
        let handle = thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                thread::spawn(move || {
                    let _ = handle(stream, &root);
                });
            }
        });
        Ok(Server { addr, handle })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn wait(self) {
        let _ = self.handle.join();
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" | "rs" | "toml" => "text/plain; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file for a request path, or None when it would leave `root`.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for c in Path::new(path.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(&mut stream, "405 Method Not Allowed", "text/plain", b"method not allowed\n", method == "HEAD");
    }
    let Some(path) = resolve(root, target) else {
        return respond(&mut stream, "403 Forbidden", "text/plain", b"forbidden\n", false);
    };
    match std::fs::File::open(&path) {
        Ok(mut f) => {
            let mut body = Vec::new();
            f.read_to_end(&mut body)?;
            respond(&mut stream, "200 OK", content_type(&path), &body, method == "HEAD")
        }
        Err(_) => respond(&mut stream, "404 Not Found", "text/plain", b"not found\n", method == "HEAD"),
    }
}

fn respond(stream: &mut TcpStream, status: &str, ctype: &str, body: &[u8], head: bool) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
         Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(resolve(root, "/www/pkg/x.wasm?v=1"), Some(PathBuf::from("/srv/site/www/pkg/x.wasm")));
        assert_eq!(resolve(root, "/a%20b.js"), Some(PathBuf::from("/srv/site/a b.js")));
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(root, "/www/%2E%2E/%2E%2E/x"), None);
        assert_eq!(resolve(root, "/%zz"), None);
    }

    #[test]
    fn wasm_is_served_as_application_wasm() {
        assert_eq!(content_type(Path::new("a/b_bg.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("app.js")), "text/javascript; charset=utf-8");
        assert_eq!(content_type(Path::new("index.html")), "text/html; charset=utf-8");
    }

    /// Static hosts send no header, so index.html carries the policy too; both must say the same.
    #[test]
    fn index_html_carries_the_same_policy_in_a_meta_tag() {
        let html = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../index.html")).unwrap();
        let meta = format!(r#"<meta http-equiv="Content-Security-Policy" content="{CSP}">"#);
        assert!(html.contains(&meta), "index.html lacks {meta}");
        let head_end = html.find("</head>").unwrap();
        let first_script = html.find("<script").unwrap();
        assert!(html.find(&meta).unwrap() < first_script.min(head_end), "the policy must come before any script");
    }

    #[test]
    fn serves_files_with_their_type_and_the_csp() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html>hi").unwrap();
        std::fs::write(dir.join("m.wasm"), b"\0asm").unwrap();
        let server = Server::start(&dir, 0).unwrap();
        let get = |path: &str| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            out
        };
        let index = get("/");
        assert!(index.starts_with("HTTP/1.1 200 OK"), "{index}");
        assert!(index.contains("Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'"));
        assert!(index.ends_with("<!doctype html>hi"));
        assert!(get("/m.wasm").contains("Content-Type: application/wasm"));
        assert!(get("/missing.js").starts_with("HTTP/1.1 404"));
        assert!(get("/../secret").starts_with("HTTP/1.1 403"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
