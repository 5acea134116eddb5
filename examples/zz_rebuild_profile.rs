use std::path::Path;
fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap();
    let f: Vec<&str> = s.rsplit(')').next().unwrap().split_whitespace().collect();
    (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) * 10.0
}
fn main() {
    let root = Path::new("/tmp/incr-gen1000/policypress");
    let opts = policypress::render::BuildOptions {
        as_of: time::macros::date!(2026 - 11 - 25),
        drafts: true,
        preview: true,
    };
    let mut cache = policypress::site::BuildCache::default();
    let rel = std::env::args()
        .nth(2)
        .unwrap_or("content/documents/privacyverklaring-002/4.0/nl.md".into());
    let file = root.join(rel);
    let orig = std::fs::read_to_string(&file).unwrap();
    policypress::site::build_cached(root, opts, &mut cache).unwrap();
    let n: usize = std::env::args().nth(1).map_or(20, |a| a.parse().unwrap());
    let t = std::time::Instant::now();
    let c0 = cpu();
    let mut sums: Vec<(&str, f64)> = Vec::new();
    for i in 0..n {
        let text = if file.extension().unwrap() == "md" {
            format!("{orig}\nBewerking {i}.\n")
        } else {
            orig.replacen("Versie", &format!("Versie {i}"), 1)
        };
        std::fs::write(&file, text).unwrap();
        let b = policypress::site::build_cached(root, opts, &mut cache).unwrap();
        for (k, (p, d)) in b.phases.iter().enumerate() {
            if i == 0 {
                sums.push((p, 0.0));
            }
            sums[k].1 += d.as_secs_f64() * 1e3;
        }
    }
    for (p, s) in sums {
        eprint!("{p} {:.1}, ", s / n as f64);
    }
    eprintln!(
        "\nper rebuild: wall {:?}, cpu {:.1} ms",
        t.elapsed() / n as u32,
        (cpu() - c0) / n as f64
    );
    std::fs::write(&file, orig).unwrap();
}
