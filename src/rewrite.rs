//! Rewriting finished HTML pages. (Temporary pass-through.)

pub struct RewriteOptions<'a> {
    pub base_path: &'a str,
    pub site_origin: &'a str,
    pub external_label: &'a str,
}

pub fn finish_page(html: &str, opts: &RewriteOptions) -> String {
    if opts.base_path == "/" {
        return html.to_string();
    }
    let prefix = opts.base_path.trim_end_matches('/');
    html.replace("href=\"/", &format!("href=\"{prefix}/"))
        .replace("src=\"/", &format!("src=\"{prefix}/"))
}
