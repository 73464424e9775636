//! Random secrets and how they are kept: session ids, API tokens and reset links are 128 bits or more from
//! the operating system's generator, and only their SHA-256 is stored.

use rand::RngCore;

/// `bytes` random bytes from the OS, in hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// What the store keeps of a secret.
pub fn digest(secret: &str) -> String {
    crate::store::hash_hex(secret.as_bytes())
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_and_never_repeat() {
        let a = random_hex(16);
        assert_eq!(a.len(), 32);
        assert_ne!(a, random_hex(16));
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &random_hex(16)));
        assert_eq!(digest("x").len(), 64);
    }
}
