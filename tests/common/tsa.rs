//! A timestamp authority written elsewhere, for the tests: Debian's
//! `openssl ts -reply` behind a small HTTP server on 127.0.0.1, with a test
//! root CA and a TSA certificate (critical extended key usage timeStamping)
//! made by `openssl` in a temporary folder.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

/// One test TSA: its folder (keys, certificates, configuration) and, once
/// started, its URL.
pub(crate) struct TestTsa {
    pub(crate) dir: PathBuf,
    pub(crate) url: String,
    lock: Arc<Mutex<()>>,
}

fn openssl(dir: &Path, args: &[&str]) {
    let o = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl must be installed for the timestamp tests");
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

impl TestTsa {
    /// Makes a root CA and a TSA certificate under `dir` (named `name`),
    /// with `eku` as the TSA certificate's extended key usage line.
    pub(crate) fn make(dir: &Path, name: &str, eku: &str) -> TestTsa {
        std::fs::create_dir_all(dir).unwrap();
        openssl(
            dir,
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt",
                "-days",
                "3650",
                "-subj",
                &format!("/CN={name} Root CA"),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        openssl(
            dir,
            &[
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "tsa.key",
                "-out",
                "tsa.csr",
                "-subj",
                &format!("/CN={name} TSA"),
            ],
        );
        std::fs::write(
            dir.join("ext.cnf"),
            format!("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage={eku}\n"),
        )
        .unwrap();
        openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                "tsa.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "tsa.crt",
                "-days",
                "3650",
                "-extfile",
                "ext.cnf",
            ],
        );
        let chain = [
            std::fs::read_to_string(dir.join("tsa.crt")).unwrap(),
            std::fs::read_to_string(dir.join("ca.crt")).unwrap(),
        ]
        .concat();
        std::fs::write(dir.join("chain.pem"), chain).unwrap();
        std::fs::write(dir.join("serial"), "01\n").unwrap();
        std::fs::write(
            dir.join("tsa.cnf"),
            "[ tsa ]\ndefault_tsa = tsa_config\n[ tsa_config ]\nserial = ./serial\n\
             crypto_device = builtin\nsigner_cert = ./tsa.crt\ncerts = ./chain.pem\n\
             signer_key = ./tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n\
             digests = sha256, sha384, sha512\naccuracy = secs:1\nordering = no\n\
             tsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
        )
        .unwrap();
        TestTsa {
            dir: dir.to_path_buf(),
            url: String::new(),
            lock: Arc::new(Mutex::new(())),
        }
    }

    /// The chain as committed: the TSA's certificate, then its root.
    pub(crate) fn chain(&self) -> Vec<u8> {
        std::fs::read(self.dir.join("chain.pem")).unwrap()
    }

    /// A reply from `openssl ts -reply` to the DER request `query`.
    pub(crate) fn reply(&self, query: &[u8]) -> Vec<u8> {
        let _one = self.lock.lock().unwrap();
        let q = self.dir.join("q.tsq");
        let r = self.dir.join("r.tsr");
        std::fs::write(&q, query).unwrap();
        let o = Command::new("openssl")
            .args([
                "ts",
                "-reply",
                "-config",
                "tsa.cnf",
                "-queryfile",
                "q.tsq",
                "-out",
                "r.tsr",
            ])
            .current_dir(&self.dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        std::fs::read(r).unwrap()
    }

    /// Serves the TSA on 127.0.0.1 (a thread per connection), passing each
    /// reply through `answer` (the identity for an honest TSA).
    pub(crate) fn start(self, answer: fn(Vec<u8>) -> Vec<u8>) -> TestTsa {
        self.start_on("127.0.0.1:0", answer)
    }

    /// [`TestTsa::start`] on a given address, such as one that was down.
    pub(crate) fn start_on(mut self, addr: &str, answer: fn(Vec<u8>) -> Vec<u8>) -> TestTsa {
        let listener = TcpListener::bind(addr).unwrap();
        self.url = format!("http://{}/tsr", listener.local_addr().unwrap());
        let me = Arc::new(TestTsa {
            dir: self.dir.clone(),
            url: self.url.clone(),
            lock: self.lock.clone(),
        });
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let me = me.clone();
                std::thread::spawn(move || serve(&me, stream, answer));
            }
        });
        self
    }
}

fn serve(tsa: &TestTsa, stream: TcpStream, answer: fn(Vec<u8>) -> Vec<u8>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        let mut post = line.starts_with("POST ");
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).unwrap();
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let lower = h.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            if lower.starts_with("content-type:") && !lower.contains("application/timestamp-query")
            {
                post = false;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut out = &stream;
        if !post {
            let _ = out.write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
            continue;
        }
        let reply = answer(tsa.reply(&body));
        let _ = out.write_all(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/timestamp-reply\r\ncontent-length: {}\r\n\r\n",
                reply.len()
            )
            .as_bytes(),
        );
        let _ = out.write_all(&reply);
    }
}

/// A port on 127.0.0.1 where nothing listens.
pub(crate) fn down_url() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsr", l.local_addr().unwrap());
    drop(l);
    url
}
