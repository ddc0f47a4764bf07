use super::*;

fn text(html: &str) -> String {
    to_text(html, 1 << 20).text
}

#[test]
fn line_breaks_blocks_and_entities() {
    assert_eq!(text("a<br>b<br/>c"), "a\nb\nc");
    assert_eq!(text("<div>a</div><div>b</div>"), "a\nb");
    assert_eq!(text("<div>a</div><div><br></div><div>b</div>"), "a\n\nb");
    assert_eq!(text("<p>one</p><p>two</p>"), "one\n\ntwo");
    assert_eq!(
        text("x &lt; y &amp;&amp; z &gt; 0 &#x27;q&#39; &quot;r&quot; caf&eacute;"),
        "x < y && z > 0 'q' \"r\" café"
    );
    assert_eq!(text("  lots   of\n\n spaces  "), "lots of spaces");
    assert_eq!(text("<b>bold</b> and <i>it</i><u>u</u>"), "bold and itu");
}

#[test]
fn nbsp_indentation_is_kept() {
    assert_eq!(
        text("<div>if a &lt; b:</div><div>&nbsp; &nbsp; print(1)</div>"),
        "if a < b:\n    print(1)"
    );
}

#[test]
fn lists_nest_and_number() {
    assert_eq!(
        text("<ul><li>one</li><li>two<ol><li>x</li><li>y</li></ol></li></ul>"),
        "- one\n- two\n  1. x\n  2. y"
    );
    assert_eq!(text("<ol start=\"3\"><li>c</li></ol>"), "3. c");
}

#[test]
fn pre_is_a_fence_with_its_indentation_and_language() {
    let html = "<p>Run:</p><pre><code class=\"language-python\">def f():\n    return &lt;1&gt;\n\n\n    # end</code></pre><div>after</div>";
    assert_eq!(
        text(html),
        "Run:\n\n```python\ndef f():\n    return <1>\n\n\n    # end\n```\nafter"
    );
    // <br> and <div> lines inside <pre> (as Anki's editor writes them).
    assert_eq!(
        text("<pre><div>a:</div><div>&nbsp;&nbsp;b</div>c<br>&nbsp; d</pre>"),
        "```\na:\n  b\nc\n  d\n```"
    );
}

#[test]
fn inline_code_gets_backticks_and_multiline_code_a_fence() {
    assert_eq!(text("call <code>f(x)</code> now"), "call `f(x)` now");
    assert_eq!(text("<code>a`b</code>"), "``a`b``");
    assert_eq!(text("<code>`x</code>"), "`` `x ``");
    assert_eq!(
        text("x<code>def f():<br>&nbsp; &nbsp; return 1</code>y"),
        "x\n```\ndef f():\n    return 1\n```\ny"
    );
}

#[test]
fn scripts_and_styles_are_dropped_and_media_named() {
    let f = to_text(
        "Look<img src=\"diagram.png\"> [sound:faden.mp3]<script>alert('<b>')</script><style>b{}</style>!",
        1 << 20,
    );
    assert_eq!(f.text, "Look [image: diagram.png] [sound: faden.mp3]!");
    assert_eq!(
        f.media,
        vec![
            Media::Image("diagram.png".into()),
            Media::Sound("faden.mp3".into())
        ]
    );
}

#[test]
fn tables_and_rules() {
    assert_eq!(
        text("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"),
        "a | b\n1 | 2"
    );
    assert_eq!(text("top<hr>bottom"), "top\n---\nbottom");
}

#[test]
fn control_characters_and_escapes_never_pass() {
    let t = text("a\u{1b}[2Jb&#27;]0;x&#7;c&#x9b;31md\tend");
    assert!(!t.chars().any(|c| c.is_control()), "{t:?}");
    assert_eq!(t, "abc\u{203a}31md end");
}

#[test]
fn ten_thousand_nested_tags_cost_no_stack() {
    let mut html = String::new();
    for _ in 0..10_000 {
        html.push_str("<div><ul><li><b>");
    }
    html.push_str("deep");
    let t = text(&html);
    assert!(
        t.ends_with("- deep"),
        "{}",
        &t[t.len().saturating_sub(80)..]
    );
}

#[test]
fn the_text_stops_at_the_bound() {
    let big = "word ".repeat(100_000);
    let f = to_text(&big, 1000);
    assert!(f.cut);
    assert!(f.text.len() <= 1000);
    let f = to_text(&format!("<pre>{big}</pre>"), 1000);
    assert!(f.cut && f.text.len() <= 1000, "{}", f.text.len());
    assert!(!to_text("short", 1000).cut);
}

proptest::proptest! {
    #[test]
    fn any_input_gives_bounded_clean_text(
        s in "(<[a-z/]{0,6}( [a-z]+=\"[^\"]{0,5}\")?/?>|&[a-z#0-9]{0,6};?|\\[sound:[a-z.]{0,5}\\]|[^<&]{0,12}|\u{1b}\\[2J|\u{a0}|\n|`)*",
        max in 1usize..400,
    ) {
        let f = to_text(&s, max);
        proptest::prop_assert!(f.text.len() <= max, "{} > {max}", f.text.len());
        proptest::prop_assert!(!f.text.chars().any(|c| c.is_control() && c != '\n'), "{:?}", f.text);
    }
}
