//! The history of one file of a case or magazine: every revision with author, time and note, the
//! workflow moves, a readable difference between any two revisions, and a revert that saves an old one
//! anew.

use crate::components::chrome::PageMeta;
use crate::components::forms::{Csrf, DeskFailure, ErrorSummary, Notice, status_name};
use crate::desk::{HistoryView, ItemKind, LineChange, Prefilled};
use crate::desk_api::get_history;
use crate::lang::Lang;
use crate::pages::use_lang;
use crate::text::lang_name;
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn HistoryPage() -> impl IntoView {
    let lang = use_lang();
    if let Some(Prefilled(v)) = use_context::<Prefilled<HistoryView>>() {
        return view! { <History lang view=v/> }.into_any();
    }
    let params = use_params_map().read_untracked();
    let Some(kind) = params.get("kind").and_then(|k| ItemKind::from_dir(&k)) else {
        return view! { <DeskFailure lang error=crate::desk::DeskError::NotFound/> }.into_any();
    };
    let slug = params.get("slug").unwrap_or_default();
    let query = use_query_map().read_untracked();
    let text_lang = query.get("in").and_then(|l| l.parse::<Lang>().ok());
    let from = query.get("from").and_then(|n| n.parse().ok());
    let to = query.get("to").and_then(|n| n.parse().ok());
    let notice = query.get("done");
    let data = crate::pages::page_data(
        move || (),
        move |_| get_history(kind, slug.clone(), text_lang, from, to),
    );
    view! {
        <Suspense>
            {move || {
                let notice = notice.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(mut v) => {
                            v.notice = notice;
                            view! { <History lang view=v/> }.into_any()
                        }
                        Err(e) => view! { <DeskFailure lang error=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn History(lang: Lang, view: HistoryView) -> impl IntoView {
    let base = format!("/{lang}/desk/{}/{}", view.kind.dir(), view.slug);
    let csrf = view.viewer.csrf.clone();
    let text_lang = view.text_lang;
    let options = |selected: Option<i64>| {
        view.revisions
            .iter()
            .map(|r| {
                view! {
                    <option value=r.revision.to_string() selected=Some(r.revision) == selected>
                        {format!("{} · {} · {}", r.revision, &r.created_at[..r.created_at.len().min(16)], r.author)}
                    </option>
                }
            })
            .collect_view()
    };
    let rows = view
        .revisions
        .iter()
        .map(|r| {
            let csrf = csrf.clone();
            let revert = view.may_revert.then(|| {
                view! {
                    <form method="post" action=format!("{base}/history?in={text_lang}")>
                        <Csrf token=csrf/>
                        <input type="hidden" name="action" value="revert"/>
                        <input type="hidden" name="revision" value=r.revision.to_string()/>
                        <button type="submit" class="secondary" data-test=format!("revert-{}", r.revision)>
                            {tr!(lang, ed_revert)} <span class="visually-hidden">" " {r.revision}</span>
                        </button>
                    </form>
                }
            });
            view! {
                <tr data-test="revision-row">
                    <td>{r.revision}</td>
                    <td>{r.created_at[..r.created_at.len().min(16)].replace('T', " ")}</td>
                    <td>{r.author.clone()}</td>
                    <td>{r.note.clone()}</td>
                    <td>{revert}</td>
                </tr>
            }
        })
        .collect_view();
    let diff = view
        .diff
        .iter()
        .map(|line| {
            let (class, sign, label) = match line.change {
                LineChange::Added => ("diff-added", "+", tr!(lang, ed_diff_added)),
                LineChange::Removed => ("diff-removed", "−", tr!(lang, ed_diff_removed)),
                LineChange::Same => ("diff-same", " ", ""),
                LineChange::Gap => ("diff-gap", "…", ""),
            };
            let parts = line
                .parts
                .iter()
                .map(|p| {
                    if p.changed {
                        match line.change {
                            LineChange::Added => view! { <ins>{p.text.clone()}</ins> }.into_any(),
                            _ => view! { <del>{p.text.clone()}</del> }.into_any(),
                        }
                    } else {
                        view! { <span>{p.text.clone()}</span> }.into_any()
                    }
                })
                .collect_view();
            view! {
                <li class=class>
                    <span aria-hidden="true" class="diff-sign">{sign}</span>
                    {(!label.is_empty()).then(|| view! { <span class="visually-hidden">{label} ": "</span> })}
                    {parts}
                </li>
            }
        })
        .collect_view();
    let events = view
        .events
        .iter()
        .map(|e| {
            view! {
                <li>
                    {e.created_at[..e.created_at.len().min(16)].replace('T', " ")} " · " {e.author.clone()} ": "
                    {status_name(lang, &e.from)} " → " {status_name(lang, &e.to)}
                    {(!e.note.is_empty()).then(|| view! { " — " <q>{e.note.clone()}</q> })}
                </li>
            }
        })
        .collect_view();
    let langs = view
        .languages
        .iter()
        .map(|l| {
            view! { <li><a href=format!("{base}/history?in={l}") aria-current=(*l == text_lang).then_some("page")>{lang_name(lang, *l)}</a></li> }
        })
        .collect_view();
    let title = format!("{} · {}", tr!(lang, ed_history), view.title);
    let has_diff = !view.diff.is_empty();
    view! {
        <PageMeta lang title=title.clone() description=tr!(lang, ed_history).to_string()/>
        <p><a href=format!("{base}?in={text_lang}")>{tr!(lang, ed_back_to_editor)}</a></p>
        <h1>{title}</h1>
        <Notice lang code=view.notice.clone()/>
        <ErrorSummary lang errors=view.errors.clone()/>
        <nav aria-label=tr!(lang, ed_languages) class="edit-langs"><ul>{langs}</ul></nav>
        <section class="panel">
            <h2>{tr!(lang, ed_compare)}</h2>
            <form method="get" action=format!("{base}/history") class="inline-form">
                <input type="hidden" name="in" value=text_lang.code()/>
                <label for="diff-from">{tr!(lang, ed_from)}</label>
                <select id="diff-from" name="from">{options(view.from)}</select>
                <label for="diff-to">{tr!(lang, ed_to)}</label>
                <select id="diff-to" name="to">{options(view.to)}</select>
                <button type="submit">{tr!(lang, ed_compare)}</button>
            </form>
            {if has_diff {
                view! { <ol class="diff" data-test="diff" aria-label=tr!(lang, ed_compare)>{diff}</ol> }.into_any()
            } else {
                view! { <p data-test="no-diff">{tr!(lang, ed_no_difference)}</p> }.into_any()
            }}
        </section>
        <section class="panel">
            <h2>{tr!(lang, ed_revisions)}</h2>
            <table class="table">
                <caption class="visually-hidden">{tr!(lang, ed_revisions)}</caption>
                <thead><tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{tr!(lang, ed_when)}</th>
                    <th scope="col">{tr!(lang, ed_author)}</th>
                    <th scope="col">{tr!(lang, ed_note)}</th>
                    <th scope="col"><span class="visually-hidden">{tr!(lang, ed_actions)}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
        {(!view.events.is_empty()).then(|| view! {
            <section class="panel">
                <h2>{tr!(lang, ed_workflow)}</h2>
                <ul data-test="workflow-events">{events}</ul>
            </section>
        })}
        {(!view.adoption_revisions.is_empty()).then(|| {
            let rows = view
                .adoption_revisions
                .iter()
                .map(|r| view! {
                    <li>
                        {r.revision} " · " {r.created_at[..r.created_at.len().min(16)].replace('T', " ")} " · " {r.author.clone()}
                        {(!r.note.is_empty()).then(|| view! { " — " <q>{r.note.clone()}</q> })}
                    </li>
                })
                .collect_view();
            view! {
                <section class="panel" data-test="adoption-history">
                    <h2>{tr!(lang, ed_adoptions_history)}</h2>
                    <ul>{rows}</ul>
                    {view.adoptions_file.clone().map(|f| view! {
                        <details>
                            <summary>{tr!(lang, ed_adoptions_file)}</summary>
                            <pre class="source">{f}</pre>
                        </details>
                    })}
                </section>
            }
        })}
    }
}
