//! A JSON editor: a `<textarea>` over a highlighted `<pre>` (same font and metrics, so the
//! coloured text shows through), a line-number gutter with a marker on every line that has a
//! finding (its messages on hover), Format / Open / Download buttons, and file drop.

use crate::context::use_app;
use crate::json_text::highlight_html;
use crate::markers::{gutter_parts, markers, GutterPart};
use crate::services::browser;
use crate::state::Editor;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Texts longer than this are shown without colours or marks (typing stays fast; the gutter
/// markers remain). Measured: a 230 KB batch costs ~0.3 s of layout per keystroke highlighted.
/// Such texts are shown by the textarea itself, and the highlight layer stays empty: laying
/// out a 1.2 MB text twice cost ~0.2 s more per change.
pub const HIGHLIGHT_LIMIT: usize = 100 * 1024;
/// Pixel height of one line (must match `--line` in app.css).
pub const LINE_HEIGHT: f64 = 18.0;

/// Which editor.
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The editor.
    pub editor: Editor,
}

/// The layer behind an editor's textarea (see [`code_editor`]).
#[derive(PartialEq)]
enum Layer {
    /// The text as coloured HTML, set with one innerHTML assignment.
    Highlighted(String),
    /// The text of the sizer that gives a plain text's box its size.
    Sizer(String),
}

/// The longest line (tabs two columns wide, as `tab-size` in app.css) and a line break for
/// every other line, plus the final line the textarea shows after a trailing newline.
fn sizer_text(text: &str) -> String {
    let columns = |l: &&str| {
        l.chars()
            .map(|c| if c == '\t' { 2 } else { 1 })
            .sum::<usize>()
    };
    let longest = text.split('\n').max_by_key(columns).unwrap_or("");
    let breaks = text.bytes().filter(|&b| b == b'\n').count();
    let mut sizer = String::with_capacity(longest.len() + breaks + 2);
    sizer.push_str(longest);
    sizer.extend(std::iter::repeat_n('\n', breaks));
    sizer.push_str("\n ");
    sizer
}

/// The editor component.
#[component(CodeEditor)]
pub fn code_editor(props: &EditorProps) -> Html {
    let app = use_app();
    let editor = props.editor;
    let id = editor.id();
    let text = app.state.inputs.text(editor).to_string();
    let analysis = app.state.analysis.as_ref().map(|(_, a)| a.clone());
    let (markers, marks) = markers(analysis.as_deref(), editor, &text);
    let lines = text.split('\n').count();
    // The gutter is rendered with the text (a few nodes: runs of plain numbers between the
    // marked lines), so a change that alters its width is laid out together with the text.
    let gutter: Html = gutter_parts(lines, &markers)
        .into_iter()
        .map(|part| match part {
            GutterPart::Text(text) => html! { { text } },
            GutterPart::Mark {
                line,
                severity,
                title,
            } => html! {
                <span class={classes!("mark", format!("sev-{severity}"))} {title}>{ line }</span>
            },
        })
        .collect();
    let plain = text.len() > HIGHLIGHT_LIMIT;
    // What stands behind the textarea, worked out once per text and marks: a highlighted text's
    // coloured copy, or — a plain text being shown by the textarea alone — a hidden sizer
    // holding only the longest line and a line break per line, which gives the box its size
    // and is rendered with the textarea's new value, so the page is laid out once per change.
    let layer = use_memo(
        (text.clone(), if plain { Vec::new() } else { marks }),
        |(text, marks)| {
            if text.len() > HIGHLIGHT_LIMIT {
                return Layer::Sizer(sizer_text(text));
            }
            let mut html = highlight_html(text, marks);
            // A final newline needs a line of its own, as in the textarea.
            html.push_str("\n ");
            Layer::Highlighted(html)
        },
    );
    let textarea = use_node_ref();
    let scroller = use_node_ref();
    let file_input = use_node_ref();
    let pre = use_node_ref();
    // The highlighted text is set with one innerHTML assignment: Yew's raw-HTML nodes insert
    // every child separately, which costs seconds on large texts.
    {
        let pre = pre.clone();
        use_effect_with(layer.clone(), move |layer| {
            if let Some(pre) = pre.cast::<web_sys::Element>() {
                pre.set_inner_html(match &**layer {
                    Layer::Highlighted(html) => html,
                    Layer::Sizer(_) => "",
                });
            }
        });
    }
    {
        let (textarea, scroller, text) = (textarea.clone(), scroller.clone(), text.clone());
        use_effect_with(app.state.jump.clone(), move |jump| {
            if let Some(jump) = jump.as_ref().filter(|j| j.editor == editor) {
                if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                    let units =
                        |b: usize| text.get(..b).map_or(0, |t| t.encode_utf16().count()) as u32;
                    let _ = area.focus();
                    let _ = area.set_selection_range(units(jump.start), units(jump.end));
                }
                if let Some(s) = scroller.cast::<HtmlElement>() {
                    s.set_scroll_top(((jump.line as f64 - 4.0) * LINE_HEIGHT).max(0.0) as i32);
                    s.scroll_into_view_with_bool(false);
                }
            }
        });
    }
    let oninput = {
        let app = app.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                app.edit(editor, area.value());
            }
        })
    };
    let on_format = {
        let app = app.clone();
        Callback::from(move |_| app.format(editor))
    };
    let on_open = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(input) = file_input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_file = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                app.open_files(editor, browser::files(input.files()));
                input.set_value("");
            }
        })
    };
    let on_download = {
        let (app, text) = (app.clone(), text.clone());
        Callback::from(move |_| {
            if let Err(e) = browser::download(editor.file_name(), &text, "application/json") {
                app.banner(e);
            }
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let app = app.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let files = e.data_transfer().and_then(|d| d.files());
            app.open_files(editor, browser::files(files));
        })
    };
    let count_of = |severity: &str| markers.iter().filter(|m| m.1 == severity).count();
    let (errors, warnings, infos) = (count_of("error"), count_of("warning"), count_of("info"));
    let worst = if errors > 0 {
        "error"
    } else if warnings > 0 {
        "warning"
    } else {
        "info"
    };
    let count: Vec<String> = [(errors, "error"), (warnings, "warning"), (infos, "info")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!("{n} {word}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    html! {
        <section class="editor" id={format!("{id}-editor")} {ondragover} {ondrop}>
            <header>
                <label for={format!("{id}-input")}>{ editor.label() }</label>
                if !count.is_empty() { <span class={classes!("count", format!("sev-{worst}"))}>{ count.join(", ") }</span> }
                <span class="spacer"></span>
                <button type="button" onclick={on_format} id={format!("{id}-format")}>{ "Format" }</button>
                <button type="button" onclick={on_open} id={format!("{id}-open")} title="Open a file (or drop it on the editor)">{ "Open…" }</button>
                <input type="file" class="visually-hidden" tabindex="-1" aria-hidden="true" id={format!("{id}-file")}
                    accept=".json,.ndjson,.jsonl,.txt,application/json" multiple={editor == Editor::Messages}
                    ref={file_input} onchange={on_file} />
                <button type="button" onclick={on_download} id={format!("{id}-download")} title={format!("Download as {}", editor.file_name())}>{ "Download" }</button>
            </header>
            <div class="scroller" ref={scroller}>
                <pre class="gutter" id={format!("{id}-gutter")} aria-hidden="true">{ gutter }</pre>
                <div class={classes!("code", plain.then_some("plain"))}>
                    <pre class="highlight" aria-hidden="true" ref={pre}></pre>
                    if let Layer::Sizer(sizer) = &*layer {
                        <pre class="sizer" aria-hidden="true">{ sizer.clone() }</pre>
                    }
                    <textarea id={format!("{id}-input")} ref={textarea} value={text} {oninput}
                        spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
                        aria-describedby="summary" />
                </div>
            </div>
        </section>
    }
}
