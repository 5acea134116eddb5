//! For the benchmark of a hostile host (`bench/hostile.sh`), not a test:
//! replaces the checkpoint of a published log by one that claims SIZE
//! entries, signed with the log's own checkpoint key, as a host that holds
//! the key (or a publisher gone rogue) could serve it.
//!
//! Run: `cargo run --example forge_checkpoint -- TRANSPARENCY_DIR SIZE`
//! with the key in its default folder and `POLICYPRESS_KEY_PASSWORD` set.

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(size)) = (args.next(), args.next()) else {
        eprintln!("usage: forge_checkpoint TRANSPARENCY_DIR SIZE");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    let size: u64 = size.parse().expect("SIZE is a number");
    let cp_file = dir.join("log/checkpoint");
    let note = std::fs::read(&cp_file).expect("reading the checkpoint");
    let (text, _) = policypress::tlog::note::split(&note).expect("a signed note");
    let lines: Vec<&str> = text.lines().collect();
    let origin = lines[0];
    let key_file = policypress::sign::default_key_dir(origin)
        .expect("a home folder")
        .join(policypress::sign::CHECKPOINT_KEY_FILE);
    let pem = std::fs::read(&key_file).expect("reading the checkpoint key");
    let password = std::env::var(policypress::sign::PASSWORD_ENV).expect("the password");
    let signer =
        policypress::sign::checkpoint_signer_from_pem(&pem, password.as_bytes(), origin, &key_file)
            .expect("the checkpoint key");
    let forged = format!("{origin}\n{size}\n{}\n", lines[2]);
    std::fs::write(
        &cp_file,
        policypress::tlog::note::sign(&forged, &[&signer]).expect("signing"),
    )
    .expect("writing the checkpoint");
}
