//! Pages read as a browser parses them (html5ever, through `scraper`) and queried with CSS
//! selectors: what a field holds, which links a page has, what a person reads.

use scraper::{ElementRef, Html, Node, Selector};

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e}"))
}

/// `value` as a CSS string (for attribute selectors).
pub fn css_string(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            '\n' => quoted.push_str("\\a "),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Runs `f` over the elements of a page that match `css`, in page order.
pub fn select_map<T>(html: &str, css: &str, f: impl FnMut(ElementRef<'_>) -> T) -> Vec<T> {
    let page = Html::parse_document(html);
    page.select(&selector(css)).map(f).collect()
}

/// Whether the page has an element matching `css`.
pub fn has(html: &str, css: &str) -> bool {
    Html::parse_document(html)
        .select(&selector(css))
        .next()
        .is_some()
}

/// How many elements of the page match `css`.
pub fn count(html: &str, css: &str) -> usize {
    Html::parse_document(html).select(&selector(css)).count()
}

/// What a person reads in each element matching `css`, in page order (see [`text`]).
pub fn texts(html: &str, css: &str) -> Vec<String> {
    select_map(html, css, element_text)
}

/// What a person reads in the first element matching `css`.
pub fn text_of(html: &str, css: &str) -> Option<String> {
    texts(html, css).into_iter().next()
}

/// The attribute `name` of each element matching `css` that has it, in page order, as the
/// parser decoded it.
pub fn attrs(html: &str, css: &str, name: &str) -> Vec<String> {
    select_map(html, css, |e| e.attr(name).map(str::to_owned))
        .into_iter()
        .flatten()
        .collect()
}

/// The attribute `name` of the first element matching `css`.
pub fn attr(html: &str, css: &str, name: &str) -> Option<String> {
    attrs(html, css, name).into_iter().next()
}

/// The value of the first `csrf_token` hidden field in a page.
pub fn csrf_token(html: &str) -> String {
    attr(html, "input[name=csrf_token]", "value").expect("no csrf_token field in page")
}

/// The value of the hidden `version` field.
pub fn form_version(html: &str) -> String {
    attr(html, "input[name=version]", "value").expect("no version field in page")
}

/// Elements that flow within a line: no word break around them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "label",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// What a person reads: the text of the page (entities decoded by the parser), a break between
/// blocks (paragraphs, cells, list items, options…) but none around inline elements, whitespace
/// folded. A fragment of a page reads the same.
pub fn text(html: &str) -> String {
    element_text(Html::parse_document(html).root_element())
}

/// What a person reads in one element (see [`text`]).
pub fn element_text(element: ElementRef<'_>) -> String {
    fn walk(element: ElementRef<'_>, out: &mut String) {
        for child in element.children() {
            match child.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    let block = !INLINE.contains(&e.name());
                    if block {
                        out.push(' ');
                    }
                    walk(ElementRef::wrap(child).expect("an element"), out);
                    if block {
                        out.push(' ');
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    walk(element, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `support_contact` radio button of the assignment form.
#[derive(Debug)]
pub struct Radio {
    pub disabled: bool,
    pub checked: bool,
    /// Its tag, for messages.
    pub html: String,
}

impl std::fmt::Display for Radio {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.html)
    }
}

fn radio_selector(mpn: &str) -> String {
    format!("input[name=support_contact][value={}]", css_string(mpn))
}

/// The `support_contact` radio button for this PartnerID, if the page has one.
pub fn radio(html: &str, mpn: &str) -> Option<Radio> {
    select_map(html, &radio_selector(mpn), |input| Radio {
        disabled: input.attr("disabled").is_some(),
        checked: input.attr("checked").is_some(),
        html: input.html(),
    })
    .into_iter()
    .next()
}

/// What a person reads in the list item (`<li>`) of the form's choice for this PartnerID.
pub fn choice(html: &str, mpn: &str) -> Option<String> {
    select_map(html, &radio_selector(mpn), |input| {
        input
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "li")
            .map(element_text)
    })
    .into_iter()
    .next()
    .flatten()
}

/// Tenant ids of the customer rows linked from a page, in page order.
pub fn linked_tenants(html: &str) -> Vec<String> {
    attrs(html, "[href^='/customers/']", "href")
        .into_iter()
        .filter_map(|href| {
            // The list's row links carry the list's place (`?q=…`) for the breadcrumb.
            let id = href.strip_prefix("/customers/")?;
            let id = id.split_once('?').map_or(id, |(id, _)| id);
            (id.len() == 36 && !id.contains('/')).then(|| id.to_owned())
        })
        .collect()
}

/// The `href` of the page's link with this `rel` (`next`, `prev`).
pub fn rel_link(html: &str, rel: &str) -> Option<String> {
    attr(html, &format!("a[rel={}]", css_string(rel)), "href")
}

/// The reference an error page gives to quote to support.
pub fn page_reference(html: &str) -> Option<String> {
    text_of(html, ".error-page p.muted > code")
}

/// Whether the page links to exactly `href` (as the parser decoded it).
pub fn has_link(html: &str, href: &str) -> bool {
    has(html, &format!("a[href={}]", css_string(href)))
}

/// What a person reads in each link to exactly `href`.
pub fn link_texts(html: &str, href: &str) -> Vec<String> {
    texts(html, &format!("a[href={}]", css_string(href)))
}
