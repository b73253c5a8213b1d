//! The default theme is embedded with `include_dir!`, which cannot tell Cargo
//! about the files it reads on stable Rust; without this, editing a template
//! or the CSS would not rebuild the binary.
fn main() {
    println!("cargo:rerun-if-changed=themes");
}
