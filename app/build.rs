// The interface text is compiled in from locales/*.json: rebuild when it changes.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
