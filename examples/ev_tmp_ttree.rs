use ismsbook::model::Language;
use ismsbook::render::theme::Theme;
fn main() {
    let t = Theme::builtin().locale(Language::Ja).unwrap();
    let full = t.tree().clone();
    let mut base = full.clone();
    for s in ["audit", "actions", "compliance", "metrics", "controls", "evidence", "history", "report"] {
        base.as_object_mut().unwrap().remove(s);
    }
    for (name, v) in [("full", &full), ("base", &base)] {
        let start = std::time::Instant::now();
        for _ in 0..20000 {
            let mut c = tera::Context::new();
            c.insert("t", v);
            std::hint::black_box(&c);
        }
        let a = start.elapsed();
        let mut proto = tera::Context::new();
        proto.insert("t", v);
        let start = std::time::Instant::now();
        for _ in 0..20000 {
            let c = proto.clone();
            std::hint::black_box(&c);
        }
        println!("{name}: insert {:?} per page, clone {:?} per page", a / 20000, start.elapsed() / 20000);
    }
}
