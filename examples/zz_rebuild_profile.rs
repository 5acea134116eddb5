use std::path::Path;
fn main() {
    let root = Path::new("/tmp/incr-gen1000/policypress");
    let opts = policypress::render::BuildOptions { as_of: time::macros::date!(2026-11-25), drafts: true, preview: true };
    let mut cache = policypress::site::BuildCache::default();
    let file = root.join("content/documents/privacyverklaring-002/4.0/nl.md");
    let orig = std::fs::read_to_string(&file).unwrap();
    policypress::site::build_cached(root, opts, &mut cache).unwrap();
    let n: usize = std::env::args().nth(1).map_or(20, |a| a.parse().unwrap());
    let t = std::time::Instant::now();
    for i in 0..n {
        std::fs::write(&file, format!("{orig}\nBewerking {i}.\n")).unwrap();
        let b = policypress::site::build_cached(root, opts, &mut cache).unwrap();
        if i == 0 { for (p, d) in &b.phases { eprintln!("{p}: {:?}", d); } }
    }
    eprintln!("per rebuild: {:?}", t.elapsed() / n as u32);
    std::fs::write(&file, orig).unwrap();
}
