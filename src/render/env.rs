//! The template environment: the theme's templates, the two filters every
//! page uses many times (`text`, `date`) and an HTML formatter that escapes
//! no more than HTML needs.

use minijinja::Environment;
use minijinja::value::Serde;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::escape;
use crate::model::Site;
use crate::theme::Theme;

/// The theme's templates, ready to render, with policypress's filters and
/// formatter. A template that does not parse is a diagnostic naming it.
pub(super) fn environment<'a>(site: &Site, theme: &Theme) -> Result<Environment<'a>, Diagnostic> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let syntax = env
        .syntax()
        .to_builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .expect("bug: the template syntax configuration is valid");
    env.set_syntax(syntax);
    env.set_formatter(html_formatter);
    env.add_filter("text", text_filter);
    env.add_filter("date", date_filter);
    for (name, src) in &theme.templates {
        env.add_template_owned(name.clone(), src.clone())
            .map_err(|e| template_error(site, e))?;
    }
    Ok(env)
}

/// Renders the template `name` with `ctx`.
pub(super) fn render(
    env: &Environment<'_>,
    site: &Site,
    name: &str,
    ctx: minijinja::Value,
) -> Result<String, Diagnostic> {
    let tmpl = env
        .get_template(name)
        .map_err(|e| template_error(site, e))?;
    tmpl.render(ctx).map_err(|e| template_error(site, e))
}

/// A template's failure as a diagnostic naming the template and line.
pub(super) fn template_error(site: &Site, e: minijinja::Error) -> Diagnostic {
    let mut d = Diagnostic::error(format!(
        "a template failed: {}",
        e.detail().unwrap_or(&e.to_string())
    ))
    .hint("check the template named here; a site's own templates live in themes/<name>/templates/");
    if let Some(name) = e.name() {
        d = d.in_file(format!("themes/{}/templates/{name}", site.config.theme));
        if let Some(line) = e.line() {
            d = d.at(line as u32, 1);
        }
    }
    d
}

/// A serialisable view as a template value.
pub(super) fn sv<T: Serialize>(x: T) -> minijinja::Value {
    minijinja::Value::from(Serde(x))
}

/// `{{ x | text }}`: a [`TextView`] as HTML, in a `<span lang>` when it is
/// in another language than the page, with its fallback note. A filter
/// rather than a template macro: it runs dozens of times on every page.
fn text_filter(x: minijinja::Value) -> Result<minijinja::Value, minijinja::Error> {
    let field = |name: &str| -> Result<Option<String>, minijinja::Error> {
        let v = x.get_attr(name)?;
        Ok(v.is_true().then(|| v.to_string()))
    };
    let text = x.get_attr("text")?;
    if text.is_undefined() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "`text` needs a text (with `text`, `lang` and `note`)",
        ));
    }
    let text = text.to_string();
    let mut out = String::with_capacity(text.len() + 16);
    match field("lang")? {
        Some(lang) => {
            out.push_str("<span lang=\"");
            escape::html_into(&mut out, &lang);
            out.push_str("\">");
            escape::html_into(&mut out, &text);
            out.push_str("</span>");
        }
        None => escape::html_into(&mut out, &text),
    }
    if let Some(note) = field("note")? {
        out.push_str(" <span class=\"fallback-note\">(");
        escape::html_into(&mut out, &note);
        out.push_str(")</span>");
    }
    Ok(minijinja::Value::from_safe_string(out))
}

/// `{{ d | date }}`: a [`DateView`] as `<time datetime="2019-04-01">1 april
/// 2019</time>`.
fn date_filter(d: minijinja::Value) -> Result<minijinja::Value, minijinja::Error> {
    let (iso, text) = (d.get_attr("iso")?, d.get_attr("text")?);
    if iso.is_undefined() || text.is_undefined() {
        return Err(minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            "`date` needs a date (with `iso` and `text`)",
        ));
    }
    let mut out = String::with_capacity(48);
    out.push_str("<time datetime=\"");
    escape::html_into(&mut out, &iso.to_string());
    out.push_str("\">");
    escape::html_into(&mut out, &text.to_string());
    out.push_str("</time>");
    Ok(minijinja::Value::from_safe_string(out))
}

/// Escapes the way HTML needs and no more: minijinja's default also escapes
/// `/`, which makes every URL in the output unreadable (`&#x2f;en&#x2f;`).
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    let escape = matches!(state.auto_escape(), minijinja::AutoEscape::Html) && !value.is_safe();
    match value.as_str() {
        Some(s) if escape => {
            escape::escape_with(s, escape::html_byte, |piece| out.write_str(piece))
                .map_err(minijinja::Error::from)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::views::{DateView, TextView};

    fn text(text: &str, lang: Option<&str>, note: Option<&str>) -> minijinja::Value {
        sv(TextView {
            text: text.into(),
            lang: lang.map(Into::into),
            note: note.map(Into::into),
        })
    }

    #[test]
    fn text_filter_marks_other_languages_and_escapes() {
        let out = |v| text_filter(v).unwrap().to_string();
        assert_eq!(
            out(text("Bloom & <Co>", None, None)),
            "Bloom &amp; &lt;Co&gt;"
        );
        assert_eq!(
            out(text(
                "Privacyverklaring",
                Some("nl"),
                Some("alleen in het Nederlands")
            )),
            "<span lang=\"nl\">Privacyverklaring</span> <span class=\"fallback-note\">(alleen in het Nederlands)</span>"
        );
        assert_eq!(out(text("x", Some(""), Some(""))), "x");
        assert!(text_filter(minijinja::Value::from("plain")).is_err());
    }

    #[test]
    fn date_filter_writes_a_time_element() {
        let d = sv(DateView {
            iso: "2019-04-01".into(),
            text: "1 april 2019".into(),
        });
        assert_eq!(
            date_filter(d).unwrap().to_string(),
            "<time datetime=\"2019-04-01\">1 april 2019</time>"
        );
        assert!(date_filter(minijinja::Value::from(3)).is_err());
    }
}
