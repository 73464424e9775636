use super::*;

fn render_case(md: &str) -> String {
    render(md, "/media/cases/a-case/")
}

/// No script, event handler, `javascript:` URL or frame may survive rendering. Escaped text such as
/// `&lt;script&gt;` is harmless, so only real tags are inspected.
fn assert_inert(html: &str, input: &str) {
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        let end = rest[start..]
            .find('>')
            .map(|e| start + e + 1)
            .unwrap_or(rest.len());
        let tag = &rest[start..end];
        let name: String = tag[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        for bad in [
            "script", "iframe", "frame", "frameset", "object", "embed", "svg", "math", "style",
            "link", "meta", "base", "form", "button", "input", "body", "bgsound",
        ] {
            assert_ne!(
                name, bad,
                "tag `{bad}` survived in {html:?} (from {input:?})"
            );
        }
        for bad in [
            "javascript:",
            "vbscript:",
            "data:",
            "expression(",
            "srcdoc",
            "formaction",
        ] {
            assert!(
                !tag.contains(bad),
                "`{bad}` survived in tag {tag:?} of {html:?} (from {input:?})"
            );
        }
        // Quoted values are data, not attributes: drop them before looking for handlers.
        let mut unquoted = String::new();
        let mut quoted = false;
        for c in tag.chars() {
            if c == '"' {
                quoted = !quoted;
            } else if !quoted {
                unquoted.push(c);
            }
        }
        for attr in unquoted
            .split(|c: char| c.is_whitespace() || c == '/')
            .skip(1)
        {
            assert!(
                !(attr.starts_with("on") && attr.contains('=')),
                "event handler in {tag:?} (from {input:?})"
            );
        }
        rest = &rest[end..];
    }
}

#[test]
fn renders_commonmark_with_tables_footnotes_strikethrough_and_task_lists() {
    let html = render_case(
        "## Results\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\nText[^1] and ~~old~~.\n\n- [x] done\n- [ ] open\n\n[^1]: A note.\n",
    );
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("text-align: right"), "{html}");
    assert!(html.contains("<del>old</del>"), "{html}");
    assert!(html.contains("☑ done") && html.contains("☐ open"), "{html}");
    assert!(html.contains("href=\"#c-1\""), "{html}");
    assert!(html.contains("id=\"c-1\""), "{html}");
}

#[test]
fn headings_get_prefixed_unique_anchors() {
    let html = render_case(
        "## Lessons for other towns\n\n## Lessons for other towns\n\n## Ergebnisse & Über\n",
    );
    assert!(
        html.contains("<h2 id=\"c-lessons-for-other-towns\">"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"c-lessons-for-other-towns-2\">"),
        "{html}"
    );
    assert!(html.contains("id=\"c-ergebnisse-über\""), "{html}");
}

#[test]
fn content_ids_cannot_clash_with_the_page() {
    let html = render_case("<h2 id=\"main\">Main</h2>\n\n[jump](#main)\n");
    assert!(!html.contains("id=\"main\""), "{html}");
    assert!(html.contains("href=\"#c-main\""), "{html}");
}

#[test]
fn relative_images_point_to_the_stored_media() {
    let html = render_case("![A diagram](diagram.svg)\n");
    assert!(
        html.contains("src=\"/media/cases/a-case/diagram.svg\""),
        "{html}"
    );
    assert!(html.contains("alt=\"A diagram\""), "{html}");
    let html = render_case("![x](../../etc/passwd)\n");
    assert!(!html.contains("passwd"), "{html}");
}

#[test]
fn a_protocol_relative_address_is_an_absolute_one() {
    let html = render_case("[x](//evil.example/a) ![y](//evil.example/b.png)\n");
    assert!(html.contains("href=\"https://evil.example/a\""), "{html}");
    assert!(
        html.contains("src=\"https://evil.example/b.png\""),
        "{html}"
    );
    assert!(!html.contains("\"/media/cases/a-case//evil"), "{html}");
    let html = render_case("[x](/%2Fevil.example/a)\n");
    assert!(!html.contains("href=\"/%2Fevil"), "{html}");
}

#[test]
fn percent_encoded_parent_folders_are_caught_like_plain_ones() {
    for url in [
        "%2e%2e/%2e%2e/etc/passwd",
        "%2E%2E/secret",
        ".%2e/secret",
        "%252e%252e/secret",
        "..%5csecret",
        "/media/cases/a/%2e%2e/%2e%2e/x",
        "javascript%3aalert(1)",
    ] {
        let html = render_case(&format!("![x]({url}) [y]({url})\n"));
        assert!(
            !html.contains("secret") && !html.contains("passwd") && !html.contains("alert"),
            "{url}: {html}"
        );
    }
}

#[test]
fn external_links_get_a_safe_rel() {
    let html = render_case("[site](https://example.org/)\n");
    assert!(html.contains("rel=\"noopener noreferrer\""), "{html}");
}

#[test]
fn plain_text_drops_markup() {
    assert_eq!(
        plain_text("## Title\n\nSome *bold* text.\n"),
        "Title Some bold text."
    );
}

/// Vectors from the OWASP XSS Filter Evasion Cheat Sheet, in Markdown and raw HTML.
const XSS_VECTORS: &[&str] = &[
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<a onmouseover=alert(document.cookie)>xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=//xss.example/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "<iframe src=https://xss.example/scriptlet.html <",
    "\\\";alert('XSS');//",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<IMG SRC='vbscript:msgbox(\"XSS\")'>",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<BR SIZE=\"&{alert('XSS')}\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"Link\" Content=\"<https://xss.example/xss.css>; REL=stylesheet\">",
    "<STYLE>BODY{-moz-binding:url(\"https://xss.example/xssmoz.xml#xss\")}</STYLE>",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<SCRIPT a=\">\" SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<A HREF=\"javascript:document.location='https://xss.example/'\">XSS</A>",
    "<form><button formaction=javascript:alert(1)>X</button></form>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "[click](javascript:alert('XSS'))",
    "[click](JaVaScRiPt:alert('XSS'))",
    "[click](javascript&#58;alert('XSS'))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert('XSS'))",
    "![img\" onerror=\"alert(1)](x.png)",
    "[a](<javascript:alert(1)>)",
    "<a href=\"&#1;javascript:alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
];

#[test]
fn owasp_xss_vectors_are_made_inert() {
    for vector in XSS_VECTORS {
        let html = render_case(vector);
        assert_inert(&html, vector);
        let wrapped = render_case(&format!("Some text\n\n{vector}\n\nmore *text*"));
        assert_inert(&wrapped, vector);
    }
}

#[test]
fn pictures_in_a_text_load_when_the_reader_gets_near_them() {
    let html = render(
        "![A map](map.png)\n\n<img src=\"x.png\" alt=\"\" loading=\"eager\">\n",
        "/media/cases/c/",
    );
    assert_eq!(html.matches("loading=\"lazy\"").count(), 2, "{html}");
    assert!(!html.contains("eager"), "{html}");
}
