//! The admin screen: accounts and their roles, reset links, and the partners and themes files.

use crate::components::chrome::PageMeta;
use crate::components::forms::{AreaField, Csrf, DeskFailure, ErrorSummary, Notice, TextField};
use crate::desk::{AdminView, Prefilled};
use crate::desk_api::get_admin;
use crate::lang::Lang;
use crate::pages::use_lang;
use crate::tr;
use leptos::prelude::*;

#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    if let Some(Prefilled(v)) = use_context::<Prefilled<AdminView>>() {
        return view! { <Admin lang view=v/> }.into_any();
    }
    let data = crate::pages::page_data(|| (), |_| get_admin());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Admin lang view=v/> }.into_any(),
                    Err(e) => view! { <DeskFailure lang error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Admin(lang: Lang, view: AdminView) -> impl IntoView {
    let csrf = view.viewer.csrf.clone();
    let errors = view.errors.clone();
    let partners = view.partners.clone();
    let rows = view
        .accounts
        .iter()
        .map(|a| {
            let csrf = csrf.clone();
            let id = a.id.clone();
            let roles_id = format!("roles-{}", a.id);
            view! {
                <tr data-test="account-row">
                    <td>{a.email.clone()}</td>
                    <td>{a.name.clone()}{a.disabled.then(|| view! { " (" {tr!(lang, ed_disabled)} ")" })}</td>
                    <td>
                        <form method="post" action=format!("/{lang}/admin") class="inline-form">
                            <Csrf token=csrf.clone()/>
                            <input type="hidden" name="action" value="roles"/>
                            <input type="hidden" name="id" value=id.clone()/>
                            <label for=roles_id.clone() class="visually-hidden">{tr!(lang, ed_roles)} " " {a.email.clone()}</label>
                            <input id=roles_id name="roles" value=a.grants.join(", ") data-test="roles-input"/>
                            <button type="submit" class="secondary">{tr!(lang, ed_save)}</button>
                        </form>
                    </td>
                    <td>
                        <form method="post" action=format!("/{lang}/admin")>
                            <Csrf token=csrf.clone()/>
                            <input type="hidden" name="action" value="reset-link"/>
                            <input type="hidden" name="id" value=id.clone()/>
                            <button type="submit" class="secondary">{tr!(lang, ed_reset_link)}</button>
                        </form>
                        <form method="post" action=format!("/{lang}/admin")>
                            <Csrf token=csrf/>
                            <input type="hidden" name="action" value=if a.disabled { "enable" } else { "disable" }/>
                            <input type="hidden" name="id" value=id/>
                            <button type="submit" class="secondary">
                                {if a.disabled { tr!(lang, ed_enable) } else { tr!(lang, ed_disable) }}
                            </button>
                        </form>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let partner_list = partners
        .iter()
        .map(|p| p.value.clone())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <PageMeta lang title=tr!(lang, ed_admin_title).to_string() description=tr!(lang, ed_admin_title).to_string()/>
        <h1>{tr!(lang, ed_admin_title)}</h1>
        <Notice lang code=view.notice.clone()/>
        <ErrorSummary lang errors=errors.clone()/>
        {view.secret.clone().map(|(what, value)| view! {
            <div class="notice success" role="status">
                <p>{what}</p>
                <p><code data-test="admin-secret">{value}</code></p>
            </div>
        })}
        <section class="panel">
            <h2>{tr!(lang, ed_accounts)}</h2>
            <p class="hint">{tr!(lang, ed_roles_hint)} " " {partner_list}</p>
            <table class="table" data-test="accounts-table">
                <caption class="visually-hidden">{tr!(lang, ed_accounts)}</caption>
                <thead><tr>
                    <th scope="col">{tr!(lang, ed_email)}</th>
                    <th scope="col">{tr!(lang, ed_name)}</th>
                    <th scope="col">{tr!(lang, ed_roles)}</th>
                    <th scope="col"><span class="visually-hidden">{tr!(lang, ed_actions)}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
        <section class="panel">
            <h2>{tr!(lang, ed_new_account)}</h2>
            <form method="post" action=format!("/{lang}/admin") class="stack" data-test="new-account-form">
                <Csrf token=csrf.clone()/>
                <input type="hidden" name="action" value="create-account"/>
                <TextField name="email" label=tr!(lang, ed_email).to_string() value=String::new() errors=errors.clone() kind="email" required=true/>
                <TextField name="name" label=tr!(lang, ed_name).to_string() value=String::new() errors=errors.clone() required=true/>
                <TextField name="roles" label=tr!(lang, ed_roles).to_string() value=String::new() errors=errors.clone()
                    hint=tr!(lang, ed_roles_hint).to_string()/>
                <button type="submit">{tr!(lang, ed_create_account)}</button>
            </form>
        </section>
        <section class="panel">
            <h2>{tr!(lang, nav_partners)}</h2>
            <form method="post" action=format!("/{lang}/admin") class="stack">
                <Csrf token=csrf.clone()/>
                <input type="hidden" name="action" value="partners"/>
                <AreaField name="partners_toml" label="partners.toml".to_string() value=view.partners_toml.clone() errors=errors.clone() rows=14/>
                <button type="submit">{tr!(lang, ed_save)}</button>
            </form>
        </section>
        <section class="panel">
            <h2>{tr!(lang, nav_themes)}</h2>
            <form method="post" action=format!("/{lang}/admin") class="stack">
                <Csrf token=csrf/>
                <input type="hidden" name="action" value="themes"/>
                <AreaField name="themes_toml" label="themes.toml".to_string() value=view.themes_toml.clone() errors=errors rows=14/>
                <button type="submit">{tr!(lang, ed_save)}</button>
            </form>
        </section>
    }
}
