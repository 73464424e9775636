//! Passwords: argon2id hashes (the OWASP-recommended parameters of the `argon2` crate's default), a
//! minimum of 12 characters, and a list of common passwords shipped with the project that are refused.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::collections::HashSet;
use std::sync::LazyLock;

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 1024;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

/// Why a new password is refused; the UI translates the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    TooLong,
    Common,
    /// The same as the account's email or name.
    Personal,
}

impl Weakness {
    pub fn message(self) -> String {
        match self {
            Weakness::TooShort => {
                format!("the password must have at least {MIN_LENGTH} characters")
            }
            Weakness::TooLong => format!("the password may have at most {MAX_LENGTH} characters"),
            Weakness::Common => {
                "this password is on the list of common passwords; choose another".into()
            }
            Weakness::Personal => "the password must not be your email address or name".into(),
        }
    }
}

/// Checks a new password against the policy.
pub fn check(password: &str, email: &str, name: &str) -> Result<(), Weakness> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(Weakness::TooShort);
    }
    if length > MAX_LENGTH {
        return Err(Weakness::TooLong);
    }
    let lower = password.to_lowercase();
    if COMMON.contains(lower.as_str()) || is_one_repeated(&lower) {
        return Err(Weakness::Common);
    }
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    if lower == email.to_lowercase()
        || (!local.is_empty() && lower == local)
        || lower == name.to_lowercase()
    {
        return Err(Weakness::Personal);
    }
    Ok(())
}

/// `aaaaaaaaaaaa`, `abcabcabcabc`: a short piece repeated.
fn is_one_repeated(p: &str) -> bool {
    let chars: Vec<char> = p.chars().collect();
    (1..=4).any(|n| {
        chars.len() > n
            && chars.len().is_multiple_of(n)
            && chars.chunks(n).all(|c| c == &chars[..n])
    })
}

/// An argon2id hash in PHC form. Slow on purpose (tens of milliseconds): call it off the async threads.
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashes any password within the length limit")
        .to_string()
}

/// Whether `password` matches a stored hash; a malformed hash matches nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of no one's password: verified against when an email is unknown, so a wrong email takes as long
/// as a wrong password and the answer time tells nobody which accounts exist.
pub static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("no account has this password 7f3a"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_common_and_personal_passwords_are_refused() {
        assert_eq!(check("short", "a@b.org", "A"), Err(Weakness::TooShort));
        assert_eq!(check("password1234", "a@b.org", "A"), Err(Weakness::Common));
        assert_eq!(check("PASSWORD1234", "a@b.org", "A"), Err(Weakness::Common));
        assert_eq!(
            check("aaaaaaaaaaaaaa", "a@b.org", "A"),
            Err(Weakness::Common)
        );
        assert_eq!(check("abcabcabcabc", "a@b.org", "A"), Err(Weakness::Common));
        assert_eq!(
            check(
                "anne.devries@groningen.nl",
                "anne.devries@groningen.nl",
                "Anne"
            ),
            Err(Weakness::Personal)
        );
        assert_eq!(check("correct horse battery", "a@b.org", "A"), Ok(()));
    }

    #[test]
    fn every_listed_password_is_long_enough_to_matter() {
        assert!(COMMON.len() > 500, "the list has {} entries", COMMON.len());
        assert!(COMMON.iter().all(|p| p.chars().count() >= MIN_LENGTH));
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("correct horse battery");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterx", &h));
        assert!(!verify("x", "not a hash"));
    }
}
