//! Signing in and out, one's own account (password, personal API tokens), and a reset link's form.

use crate::components::chrome::PageMeta;
use crate::components::forms::{Csrf, DeskFailure, ErrorSummary, Notice, TextField};
use crate::desk::{AccountView, Prefilled, ResetView, SignInView};
use crate::desk_api::{get_account, get_reset_live};
use crate::lang::Lang;
use crate::pages::use_lang;
use crate::tr;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let view_model = use_context::<Prefilled<SignInView>>()
        .map(|p| p.0)
        .unwrap_or_else(|| SignInView {
            next: query.read_untracked().get("next").unwrap_or_default(),
            ..SignInView::default()
        });
    let signed_out = query.read_untracked().get("signed-out").is_some();
    let error = view_model.error.clone();
    view! {
        <PageMeta lang title=tr!(lang, ed_sign_in).to_string() description=tr!(lang, ed_sign_in_intro).to_string()/>
        <section class="narrow">
            <h1>{tr!(lang, ed_sign_in)}</h1>
            {signed_out.then(|| view! { <Notice lang code=Some("signed-out".to_string())/> })}
            <p>{tr!(lang, ed_sign_in_intro)}</p>
            {error.map(|e| view! { <p class="error-summary" role="alert" data-test="sign-in-error">{e}</p> })}
            <form method="post" action=format!("/{lang}/sign-in") class="stack" data-test="sign-in-form">
                <input type="hidden" name="next" value=view_model.next.clone()/>
                <TextField name="email" label=tr!(lang, ed_email).to_string() value=view_model.email.clone()
                    errors=vec![] kind="email" required=true autocomplete="username"/>
                <TextField name="password" label=tr!(lang, ed_password).to_string() value=String::new()
                    errors=vec![] kind="password" required=true autocomplete="current-password"/>
                <button type="submit" data-test="sign-in-submit">{tr!(lang, ed_sign_in)}</button>
            </form>
            <p class="hint">{tr!(lang, ed_forgot_password)}</p>
        </section>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let lang = use_lang();
    if let Some(Prefilled(v)) = use_context::<Prefilled<AccountView>>() {
        return view! { <AccountScreen lang view=v/> }.into_any();
    }
    let data = crate::pages::page_data(|| (), |_| get_account());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <AccountScreen lang view=v/> }.into_any(),
                    Err(e) => view! { <DeskFailure lang error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn AccountScreen(lang: Lang, view: AccountView) -> impl IntoView {
    let csrf = view.viewer.csrf.clone();
    let roles = if view.viewer.grants.is_empty() {
        tr!(lang, ed_role_member).to_string()
    } else {
        view.viewer
            .grants
            .iter()
            .map(|g| g.code())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let tokens = view
        .tokens
        .iter()
        .map(|t| {
            let csrf = csrf.clone();
            let state = if t.revoked {
                tr!(lang, ed_token_revoked).to_string()
            } else {
                t.last_used_at
                    .clone()
                    .map(|u| format!("{} {}", tr!(lang, ed_token_last_used), &u[..u.len().min(16)]))
                    .unwrap_or_else(|| tr!(lang, ed_token_unused).to_string())
            };
            let state = match &t.expires_at {
                Some(e) if !t.revoked => {
                    format!("{state} · {} {}", tr!(lang, ed_token_ends), &e[..e.len().min(10)])
                }
                _ => state,
            };
            view! {
                <tr data-test="token-row">
                    <td>{t.name.clone()}</td>
                    <td>{t.created_at[..t.created_at.len().min(10)].to_string()}</td>
                    <td>{state}</td>
                    <td>
                        {(!t.revoked).then(|| view! {
                            <form method="post" action=format!("/{lang}/account")>
                                <Csrf token=csrf/>
                                <input type="hidden" name="action" value="revoke-token"/>
                                <input type="hidden" name="id" value=t.id.clone()/>
                                <button type="submit" class="secondary">{tr!(lang, ed_token_revoke)} <span class="visually-hidden">" " {t.name.clone()}</span></button>
                            </form>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let errors = view.errors.clone();
    view! {
        <PageMeta lang title=tr!(lang, ed_account_title).to_string() description=tr!(lang, ed_account_title).to_string()/>
        <h1>{tr!(lang, ed_account_title)}</h1>
        <Notice lang code=view.notice.clone()/>
        <ErrorSummary lang errors=errors.clone()/>
        <p>{view.viewer.name.clone()} " · " {view.viewer.email.clone()}</p>
        <p>{tr!(lang, ed_roles)} ": " <span data-test="roles">{roles}</span></p>
        {view.new_token.clone().map(|t| view! {
            <div class="notice success" role="status">
                <p>{tr!(lang, ed_token_shown_once)}</p>
                <p><code data-test="new-token">{t}</code></p>
            </div>
        })}
        <section class="panel">
            <h2>{tr!(lang, ed_change_password)}</h2>
            <form method="post" action=format!("/{lang}/account") class="stack" data-test="password-form">
                <Csrf token=csrf.clone()/>
                <input type="hidden" name="action" value="password"/>
                <TextField name="current" label=tr!(lang, ed_current_password).to_string() value=String::new()
                    errors=errors.clone() kind="password" required=true autocomplete="current-password"/>
                <TextField name="new" label=tr!(lang, ed_new_password).to_string() value=String::new()
                    errors=errors.clone() kind="password" required=true autocomplete="new-password"
                    hint=tr!(lang, ed_password_rules).to_string()/>
                <button type="submit">{tr!(lang, ed_change_password)}</button>
            </form>
        </section>
        <section class="panel">
            <h2>{tr!(lang, ed_tokens_title)}</h2>
            <p>{tr!(lang, ed_tokens_intro)}</p>
            {(!view.tokens.is_empty()).then(|| view! {
                <table class="table">
                    <caption class="visually-hidden">{tr!(lang, ed_tokens_title)}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(lang, ed_name)}</th>
                        <th scope="col">{tr!(lang, ed_created)}</th>
                        <th scope="col">{tr!(lang, ed_state)}</th>
                        <th scope="col"><span class="visually-hidden">{tr!(lang, ed_actions)}</span></th>
                    </tr></thead>
                    <tbody>{tokens}</tbody>
                </table>
            })}
            <form method="post" action=format!("/{lang}/account") class="stack" data-test="token-form">
                <Csrf token=csrf.clone()/>
                <input type="hidden" name="action" value="create-token"/>
                <TextField name="name" label=tr!(lang, ed_token_name).to_string() value=String::new() errors=errors.clone() required=true/>
                <div class="field">
                    <label for="token-expires">{tr!(lang, ed_token_expires)}</label>
                    <select id="token-expires" name="expires" data-test="token-expires">
                        <option value="">{tr!(lang, ed_token_never)}</option>
                        <option value="30">{tr!(lang, ed_token_days_30)}</option>
                        <option value="90">{tr!(lang, ed_token_days_90)}</option>
                        <option value="365">{tr!(lang, ed_token_days_365)}</option>
                    </select>
                </div>
                <button type="submit">{tr!(lang, ed_token_create)}</button>
            </form>
        </section>
        <section class="panel">
            <form method="post" action=format!("/{lang}/sign-out")>
                <Csrf token=csrf/>
                <button type="submit" class="secondary" data-test="sign-out">{tr!(lang, ed_sign_out)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let lang = use_lang();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    if let Some(Prefilled(v)) = use_context::<Prefilled<ResetView>>() {
        return view! { <ResetScreen lang token view=v/> }.into_any();
    }
    let t = token.clone();
    let live = crate::pages::page_data(move || t.clone(), get_reset_live);
    view! {
        <Suspense>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    let live = live.await.unwrap_or(false);
                    view! { <ResetScreen lang token view=ResetView { live, ..ResetView::default() }/> }
                })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn ResetScreen(lang: Lang, token: String, view: ResetView) -> impl IntoView {
    let body = if view.done {
        view! {
            <p class="notice success" role="status" data-test="reset-done">{tr!(lang, ed_reset_done)}</p>
            <p><a href=format!("/{lang}/sign-in")>{tr!(lang, ed_sign_in)}</a></p>
        }
        .into_any()
    } else if !view.live {
        crate::components::forms::set_status(410);
        view! { <p class="error-summary" role="alert" data-test="reset-expired">{tr!(lang, ed_reset_expired)}</p> }.into_any()
    } else {
        view! {
            <ErrorSummary lang errors=view.errors.clone()/>
            <form method="post" action=format!("/{lang}/reset/{token}") class="stack">
                <TextField name="new" label=tr!(lang, ed_new_password).to_string() value=String::new()
                    errors=view.errors.clone() kind="password" required=true autocomplete="new-password"
                    hint=tr!(lang, ed_password_rules).to_string()/>
                <button type="submit">{tr!(lang, ed_set_password)}</button>
            </form>
        }
        .into_any()
    };
    view! {
        <PageMeta lang title=tr!(lang, ed_reset_title).to_string() description=tr!(lang, ed_reset_title).to_string()/>
        <section class="narrow">
            <h1>{tr!(lang, ed_reset_title)}</h1>
            {body}
        </section>
    }
}
