//! The editorial desk: one's cases and magazines in every status, and the editor of one file of them
//! (metadata form, Markdown body, image upload, preview, workflow). Plain forms that post to the server;
//! with JavaScript the draft is kept as one types (the `Autosave` island).

use crate::components::chrome::PageMeta;
use crate::components::comments::PartnerModeForm;
use crate::components::forms::{
    AreaField, Csrf, DeskFailure, ErrorSummary, Notice, TextField, error_for, status_name,
};
use crate::desk::{DeskView, EditorView, ItemKind, LineChange, Prefilled, Section, TranslationAid};
use crate::desk_api::{get_desk, get_editor};
use crate::lang::Lang;
use crate::model::Stage;
use crate::pages::use_lang;
use crate::text::{lang_name, stage_name};
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn DeskPage() -> impl IntoView {
    let lang = use_lang();
    let data = crate::pages::page_data(|| (), |_| get_desk());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <DeskScreen lang view=v/> }.into_any(),
                    Err(e) => view! { <DeskFailure lang error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DeskScreen(lang: Lang, view: DeskView) -> impl IntoView {
    let rows = view
        .items
        .iter()
        .map(|i| {
            let href = format!("/{lang}/desk/{}/{}", i.kind.dir(), i.slug);
            let langs = i
                .languages
                .iter()
                .map(|l| l.code().to_uppercase())
                .collect::<Vec<_>>()
                .join(" ");
            view! {
                <tr data-test="desk-row">
                    <td><a href=href>{i.title.clone()}</a></td>
                    <td>{match i.kind { ItemKind::Case => tr!(lang, ed_kind_case), ItemKind::Magazine => tr!(lang, ed_kind_magazine) }}</td>
                    <td><span class=format!("status status-{}", i.status) data-test="desk-status">{status_name(lang, i.status.code())}</span></td>
                    <td>{i.partner.clone().unwrap_or_default()}</td>
                    <td>{langs}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = view.items.is_empty();
    let csrf = view.viewer.csrf.clone();
    let moderation = (!view.moderation.is_empty()).then(|| {
        let forms = view
            .moderation
            .iter()
            .map(|(p, mode)| view! { <PartnerModeForm lang csrf=csrf.clone() partner=p.clone() mode=mode.clone() back="desk"/> })
            .collect_view();
        view! {
            <section aria-labelledby="desk-moderation">
                <h2 id="desk-moderation">{tr!(lang, md_partner_own)}</h2>
                <p class="hint">{tr!(lang, md_partner_own_hint)}</p>
                {forms}
            </section>
        }
    });
    let notice = use_query_map().read_untracked().get("done");
    view! {
        <PageMeta lang title=tr!(lang, ed_desk_title).to_string() description=tr!(lang, ed_desk_intro).to_string()/>
        <h1>{tr!(lang, ed_desk_title)}</h1>
        <Notice lang code=notice/>
        <p>{tr!(lang, ed_desk_intro)}</p>
        <p class="actions">
            {(!view.partners.is_empty()).then(|| view! {
                <a class="button" href=format!("/{lang}/desk/new/cases") data-test="new-case">{tr!(lang, ed_new_case)}</a>
            })}
            " "
            {view.may_create_magazine.then(|| view! {
                <a class="button secondary" href=format!("/{lang}/desk/new/magazines")>{tr!(lang, ed_new_magazine)}</a>
            })}
        </p>
        {if empty {
            view! { <p>{tr!(lang, ed_desk_empty)}</p> }.into_any()
        } else {
            view! {
                <table class="table" data-test="desk-table">
                    <caption class="visually-hidden">{tr!(lang, ed_desk_title)}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(lang, ed_title)}</th>
                        <th scope="col">{tr!(lang, ed_kind)}</th>
                        <th scope="col">{tr!(lang, ed_status)}</th>
                        <th scope="col">{tr!(lang, partner)}</th>
                        <th scope="col">{tr!(lang, ed_languages)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }.into_any()
        }}
        {moderation}
    }
}

/// `/{lang}/desk/new/{kind}` and `/{lang}/desk/{kind}/{slug}?in=xx`.
#[component]
pub fn EditorPage() -> impl IntoView {
    let lang = use_lang();
    if let Some(Prefilled(v)) = use_context::<Prefilled<EditorView>>() {
        return view! { <Editor lang view=v/> }.into_any();
    }
    let params = use_params_map().read_untracked();
    let kind = params.get("kind").and_then(|k| ItemKind::from_dir(&k));
    let slug = params.get("slug");
    let query = use_query_map().read_untracked();
    let text_lang = query.get("in").and_then(|l| l.parse::<Lang>().ok());
    let notice = query.get("done");
    let Some(kind) = kind else {
        return view! { <DeskFailure lang error=crate::desk::DeskError::NotFound/> }.into_any();
    };
    let data = crate::pages::page_data(
        move || (),
        move |_| get_editor(lang, kind, slug.clone(), text_lang),
    );
    view! {
        <Suspense>
            {move || {
                let notice = notice.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(mut v) => {
                            v.notice = notice;
                            view! { <Editor lang view=v/> }.into_any()
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
fn Editor(lang: Lang, view: EditorView) -> impl IntoView {
    let f = view.form.clone();
    let errors = view.errors.clone();
    let is_translation = f.translated_from.is_some();
    let kind = view.kind;
    let action = match &view.slug {
        Some(s) => format!("/{lang}/desk/{}/{s}?in={}", kind.dir(), view.text_lang),
        None => format!("/{lang}/desk/new/{}", kind.dir()),
    };
    let title = match (&view.slug, kind) {
        (None, ItemKind::Case) => tr!(lang, ed_new_case).to_string(),
        (None, ItemKind::Magazine) => tr!(lang, ed_new_magazine).to_string(),
        (Some(_), _) => format!(
            "{} · {}",
            tr!(lang, ed_edit),
            if f.title.is_empty() {
                f.slug.clone()
            } else {
                f.title.clone()
            }
        ),
    };
    let csrf = view.viewer.csrf.clone();
    let languages = view.slug.clone().map(|slug| {
        let links = Lang::ALL
            .iter()
            .map(|l| {
                let current = *l == view.text_lang;
                let exists = view.languages.contains(l);
                let href = format!("/{lang}/desk/{}/{slug}?in={l}", kind.dir());
                view! {
                    <li>
                        <a href=href aria-current=current.then_some("page") data-test=format!("edit-lang-{l}")>
                            {lang_name(lang, *l)}
                            {(!exists).then(|| view! { " (" {tr!(lang, ed_missing)} ")" })}
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <nav aria-label=tr!(lang, ed_languages) class="edit-langs"><ul>{links}</ul></nav>
            <p><a href=format!("/{lang}/desk/{}/{slug}/history?in={}", kind.dir(), view.text_lang) data-test="history-link">{tr!(lang, ed_history)}</a>
            {(view.status == Some(crate::model::Status::Published)).then(|| view! {
                " · " <a href=format!("/{lang}/{}/{slug}", kind.dir())>{tr!(lang, ed_view_published)}</a>
            })}</p>
        }
    });
    let status = view.status.map(|s| {
        view! { <p>{tr!(lang, ed_status)} ": " <strong data-test="editor-status">{status_name(lang, s.code())}</strong></p> }
    });
    let preview = view.preview.clone().map(|p| {
        view! {
            <section class="preview panel" aria-labelledby="preview-heading" data-test="preview">
                <h2 id="preview-heading">{tr!(lang, ed_preview)}</h2>
                <article class="case" lang=view.text_lang.code()>
                    <h3>{p.title}</h3>
                    <p class="lead">{p.summary}</p>
                    <div class="prose" inner_html=p.html></div>
                </article>
            </section>
        }
    });
    let moves = view
        .moves
        .iter()
        .map(|m| {
            let label = match m.code() {
                "review" => tr!(lang, ed_move_review),
                "published" => tr!(lang, ed_move_publish),
                "unpublished" => tr!(lang, ed_move_unpublish),
                _ => tr!(lang, ed_move_draft),
            };
            view! { <button type="submit" name="action" value=format!("move:{m}") class="secondary" data-test=format!("move-{m}")>{label}</button> " " }
        })
        .collect_view();
    let restored = view.restored_draft.clone().map(|at| {
        view! { <p class="notice" role="status" data-test="restored-draft">{tr!(lang, ed_restored_draft)} " (" {at[..at.len().min(16)].to_string()} ")"</p> }
    });
    let slug_field = view.slug.is_none().then(|| {
        view! {
            <TextField name="slug" label=tr!(lang, ed_slug).to_string() value=f.slug.clone() errors=errors.clone()
                required=true hint=tr!(lang, ed_slug_hint).to_string()/>
        }
    });
    let meta = if is_translation {
        view! {
            <TextField name="image_alt" label=tr!(lang, ed_image_alt).to_string() value=f.image_alt.clone() errors=errors.clone()/>
        }
        .into_any()
    } else {
        match kind {
            ItemKind::Case => view! { <CaseMetaFields lang view=view.clone()/> }.into_any(),
            ItemKind::Magazine => view! { <MagazineMetaFields lang view=view.clone()/> }.into_any(),
        }
    };
    view! {
        <PageMeta lang title=title.clone() description=tr!(lang, ed_desk_intro).to_string()/>
        <p><a href=format!("/{lang}/desk")>{tr!(lang, ed_back_to_desk)}</a></p>
        <h1>{title}</h1>
        <Notice lang code=view.notice.clone()/>
        <ErrorSummary lang errors=errors.clone()/>
        {restored}
        {status}
        {languages}
        {is_translation.then(|| view! {
            <p class="notice" role="note">{tr!(lang, ed_translating)} " " {lang_name(lang, view.text_lang)}
            " (" {tr!(lang, translated_from)} " " {f.translated_from.map(|l| lang_name(lang, l)).unwrap_or_default()} ")"</p>
        })}
        {view.translation.clone().map(|aid| view! { <TranslationPanel lang aid text_lang=view.text_lang/> })}
        {preview}
        <section id="live-preview" class="preview panel" hidden aria-live="polite" aria-labelledby="live-preview-heading">
            <h2 id="live-preview-heading">{tr!(lang, ed_live_preview)}</h2>
            <article class="case" lang=view.text_lang.code()>
                <h3 data-preview="title"></h3>
                <p class="lead" data-preview="summary"></p>
                <div class="prose" data-preview="body"></div>
            </article>
        </section>
        <form method="post" action=action enctype="multipart/form-data" class="stack editor" data-test="editor-form"
            data-saved-text=tr!(lang, ed_autosaved)>
            <Csrf token=csrf/>
            <input type="hidden" name="text_lang" value=view.text_lang.code()/>
            {f.translated_from.map(|l| view! { <input type="hidden" name="translated_from" value=l.code()/> })}
            {is_translation.then(|| view! { <input type="hidden" name="source_hash" value=f.source_hash.clone()/> })}
            {slug_field}
            <TextField name="title" label=tr!(lang, ed_title).to_string() value=f.title.clone() errors=errors.clone() required=true/>
            <AreaField name="summary" label=tr!(lang, summary).to_string() value=f.summary.clone() errors=errors.clone() rows=3
                hint=tr!(lang, ed_summary_hint).to_string()/>
            <TextField name="tags" label=tr!(lang, tags).to_string() value=f.tags.clone() errors=errors.clone()
                hint=tr!(lang, ed_tags_hint).to_string()/>
            {meta}
            <AreaField name="body" label=tr!(lang, ed_body).to_string() value=f.body.clone() errors=errors.clone() rows=18
                hint=tr!(lang, ed_body_hint).to_string()/>
            <TextField name="note" label=tr!(lang, ed_note).to_string() value=String::new() errors=errors.clone()
                hint=tr!(lang, ed_note_hint).to_string()/>
            <div class="actions">
                <button type="submit" name="action" value="save" data-test="save">{tr!(lang, ed_save)}</button>
                " "
                <button type="submit" name="action" value="preview" class="secondary" data-test="preview-button">{tr!(lang, ed_preview)}</button>
                " "
                {view.translation.as_ref().filter(|a| a.state == crate::model::TranslationState::Outdated).map(|_| view! {
                    <button type="submit" name="action" value="mark-current" class="secondary" data-test="mark-current">{tr!(lang, tr_mark_current)}</button>
                    " "
                })}
                {moves}
            </div>
            <p id="autosave-status" class="hint" role="status"></p>
        </form>
        <script src="/editor.js" defer></script>
    }
}

/// The source beside the translation, section by section (aligned by headings), and for an outdated
/// translation what changed in the source since the state it follows.
#[component]
fn TranslationPanel(lang: Lang, aid: TranslationAid, text_lang: Lang) -> impl IntoView {
    let source_lang = aid.source_lang.code();
    let changes = (!aid.changes.is_empty()).then(|| {
        let lines = aid
            .changes
            .iter()
            .map(|l| {
                let (class, sign) = match l.change {
                    LineChange::Added => ("diff-added", "+ "),
                    LineChange::Removed => ("diff-removed", "− "),
                    LineChange::Gap => ("diff-gap", "… "),
                    LineChange::Same => ("diff-same", "  "),
                };
                let parts = l
                    .parts
                    .iter()
                    .map(|p| {
                        if p.changed {
                            match l.change {
                                LineChange::Added => {
                                    view! { <ins>{p.text.clone()}</ins> }.into_any()
                                }
                                _ => view! { <del>{p.text.clone()}</del> }.into_any(),
                            }
                        } else {
                            view! { <span>{p.text.clone()}</span> }.into_any()
                        }
                    })
                    .collect_view();
                view! { <li class=class><span aria-hidden="true">{sign}</span>{parts}</li> }
            })
            .collect_view();
        view! {
            <section class="panel" aria-labelledby="source-changes" data-test="source-changes">
                <h2 id="source-changes">{tr!(lang, tr_source_changes)}</h2>
                <p>{tr!(lang, tr_source_changes_intro).replace("%d", &aid.source_updated)}</p>
                <ol class="diff" lang=source_lang>{lines}</ol>
            </section>
        }
    });
    let rows = aid
        .sections
        .iter()
        .enumerate()
        .map(|(i, pair)| {
            let side = |s: &Option<Section>, l: &'static str, empty: &'static str| match s {
                Some(s) => view! {
                    <div class="side" lang=l>
                        <div class="prose" inner_html=s.html.clone()></div>
                        <details><summary>{tr!(lang, tr_markdown)}</summary><pre>{s.markdown.clone()}</pre></details>
                    </div>
                }
                .into_any(),
                None => view! { <div class="side"><p class="hint">{empty}</p></div> }.into_any(),
            };
            let heading = pair
                .source
                .as_ref()
                .map(|s| s.heading.clone())
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| format!("{} {}", tr!(lang, tr_section), i + 1));
            view! {
                <div class="side-by-side-row" data-test="section-pair">
                    <h3 lang=source_lang>{heading}</h3>
                    <div class="side-by-side">
                        {side(&pair.source, source_lang, tr!(lang, tr_no_section))}
                        {side(&pair.translation, text_lang.code(), tr!(lang, tr_not_yet))}
                    </div>
                </div>
            }
        })
        .collect_view();
    let state = match aid.state.code() {
        "outdated" => tr!(lang, tr_state_outdated),
        "missing" => tr!(lang, tr_state_missing),
        _ => tr!(lang, tr_state_current),
    };
    view! {
        <p data-test="translation-state" data-state=aid.state.code()>{tr!(lang, tr_state)} ": " <strong>{state}</strong></p>
        {changes}
        <section class="panel" aria-labelledby="source-side" data-test="side-by-side">
            <h2 id="source-side">{tr!(lang, tr_side_by_side)}</h2>
            <dl class="facts" lang=source_lang>
                <dt>{tr!(lang, ed_title)}</dt><dd>{aid.source_title.clone()}</dd>
                <dt>{tr!(lang, summary)}</dt><dd>{aid.source_summary.clone()}</dd>
                {(!aid.source_tags.is_empty()).then(|| view! { <dt>{tr!(lang, tags)}</dt><dd>{aid.source_tags.clone()}</dd> })}
                {(!aid.source_image_alt.is_empty()).then(|| view! { <dt>{tr!(lang, ed_image_alt)}</dt><dd>{aid.source_image_alt.clone()}</dd> })}
            </dl>
            {rows}
        </section>
    }
}

#[component]
fn CaseMetaFields(lang: Lang, view: EditorView) -> impl IntoView {
    let f = view.form;
    let errors = view.errors;
    let partner_error = error_for(&errors, "partner");
    let has_partner_error = partner_error.is_some();
    let partners = view
        .partners
        .iter()
        .map(|p| {
            let selected = p.value == f.partner;
            view! { <option value=p.value.clone() selected=selected>{p.label.clone()}</option> }
        })
        .collect_view();
    let themes_error = error_for(&errors, "themes");
    let has_themes_error = themes_error.is_some();
    let themes = view
        .themes
        .iter()
        .map(|t| {
            let id = format!("theme-{}", t.value);
            let checked = f.themes.contains(&t.value);
            view! {
                <li><input type="checkbox" id=id.clone() name="themes" value=t.value.clone() checked=checked/>
                <label for=id>{t.label.clone()}</label></li>
            }
        })
        .collect_view();
    let stages = Stage::ALL
        .iter()
        .map(|s| {
            let selected = f.stage == s.code();
            view! { <option value=s.code() selected=selected>{stage_name(lang, *s)}</option> }
        })
        .collect_view();
    let images = view.images.clone();
    view! {
        <div class="field" class:has-error=has_partner_error>
            <label for="f-partner">{tr!(lang, partner)} " *"</label>
            {partner_error.clone().map(|e| view! { <p class="field-error" id="f-partner-error">{e}</p> })}
            <select id="f-partner" name="partner" aria-describedby=partner_error.map(|_| "f-partner-error")>{partners}</select>
        </div>
        <fieldset class="field" id="f-themes" class:has-error=has_themes_error>
            <legend>{tr!(lang, themes)} " *"</legend>
            {themes_error.map(|e| view! { <p class="field-error" data-test="error-themes">{e}</p> })}
            <ul class="checks">{themes}</ul>
        </fieldset>
        <TextField name="published" label=tr!(lang, published).to_string() value=f.published.clone() errors=errors.clone()
            kind="date" required=true/>
        <TextField name="updated" label=tr!(lang, updated).to_string() value=f.updated.clone() errors=errors.clone() kind="date"/>
        <div class="field">
            <label for="f-stage">{tr!(lang, stage)}</label>
            <select id="f-stage" name="stage"><option value="">"—"</option>{stages}</select>
        </div>
        <TextField name="started" label=tr!(lang, started).to_string() value=f.started.clone() errors=errors.clone()
            hint=tr!(lang, ed_year_hint).to_string()/>
        <TextField name="cost_eur" label=tr!(lang, ed_cost_eur).to_string() value=f.cost_eur.clone() errors=errors.clone()/>
        <TextField name="contact_name" label=tr!(lang, ed_contact_name).to_string() value=f.contact_name.clone() errors=errors.clone()/>
        <TextField name="contact_email" label=tr!(lang, ed_contact_email).to_string() value=f.contact_email.clone() errors=errors.clone() kind="email"/>
        <AreaField name="links" label=tr!(lang, links).to_string() value=f.links.clone() errors=errors.clone() rows=3
            hint=tr!(lang, ed_links_hint).to_string()/>
        <ImageFields lang image=f.image.clone() alt=f.image_alt.clone() images errors/>
    }
}

#[component]
fn ImageFields(
    lang: Lang,
    image: String,
    alt: String,
    images: Vec<String>,
    errors: Vec<crate::desk::FieldError>,
) -> impl IntoView {
    let image_error = error_for(&errors, "image");
    let has_image_error = image_error.is_some();
    let stored = (!images.is_empty()).then(|| {
        view! { <p class="hint">{tr!(lang, ed_stored_images)} ": " {images.join(", ")}</p> }
    });
    view! {
        <fieldset class="field" class:has-error=has_image_error>
            <legend>{tr!(lang, ed_image)}</legend>
            {image_error.map(|e| view! { <p class="field-error" id="f-image-error" data-test="error-image">{e}</p> })}
            {stored}
            <div class="field">
                <label for="f-image">{tr!(lang, ed_image_name)}</label>
                <input id="f-image" name="image" type="text" value=image/>
            </div>
            <div class="field">
                <label for="f-upload">{tr!(lang, ed_upload)}</label>
                <p class="hint" id="f-upload-hint">{tr!(lang, ed_upload_hint)}</p>
                <input id="f-upload" name="upload" type="file" accept="image/png,image/jpeg,image/webp,image/svg+xml" aria-describedby="f-upload-hint" data-test="upload"/>
            </div>
            <TextField name="image_alt" label=tr!(lang, ed_image_alt).to_string() value=alt errors=errors.clone()/>
        </fieldset>
    }
}

#[component]
fn MagazineMetaFields(lang: Lang, view: EditorView) -> impl IntoView {
    let f = view.form;
    let errors = view.errors;
    let owner = (view.slug.is_none() && view.partners.len() > 1).then(|| {
        let options = view
            .partners
            .iter()
            .map(|p| view! { <option value=p.value.clone() selected=p.value == f.partner>{p.label.clone()}</option> })
            .collect_view();
        view! {
            <div class="field">
                <label for="f-partner">{tr!(lang, partner)}</label>
                <select id="f-partner" name="partner">{options}</select>
            </div>
        }
    });
    view! {
        {owner}
        <TextField name="number" label=tr!(lang, magazine_issue).to_string() value=f.number.clone() errors=errors.clone() required=true/>
        <TextField name="published" label=tr!(lang, published).to_string() value=f.published.clone() errors=errors.clone()
            kind="date" required=true/>
        <AreaField name="cases" label=tr!(lang, magazine_cases).to_string() value=f.cases.clone() errors=errors.clone() rows=6
            hint=tr!(lang, ed_cases_hint).to_string()/>
        // The case picker: search the library and add a case to the list (shown by editor.js).
        <div class="field case-picker" id="case-picker" hidden data-lang=lang.code()>
            <label for="case-find">{tr!(lang, ed_find_case)}</label>
            <input id="case-find" type="search" autocomplete="off" data-test="case-find"/>
            <ul id="case-found" class="checks" aria-live="polite" data-add-label=tr!(lang, ed_add_case)></ul>
        </div>
        <ImageFields lang image=f.image.clone() alt=f.image_alt.clone() images=view.images.clone() errors/>
    }
}
