//! The writer's layout decisions against rustfmt, over items whose names, values and field
//! counts sweep the line lengths across the margin and over the items of the test specs and
//! fixtures: an item in which the writer breaks no group is exactly what rustfmt makes of it
//! (each line fits, for rustfmt too), and an item in which it breaks a group, written again
//! with every group flat, has a line over the margin or one rustfmt breaks (the writer
//! breaks no group that fits).
//!
//! rustfmt runs as a subprocess with the writer's margin (`max_width = 89`), its widths for
//! calls, parameters and chains (`use_small_heuristics = "Max"`: a group stays flat as long
//! as the line fits), the 34 columns of a `Self { .. }` expression (`struct_lit_width =
//! 26`, the width of its fields) and the `use` names in spec order. Where both break a
//! line, each breaks it its own way (rustfmt first moves a value after `=` or a type after
//! `:` to the next line); error enums keep to 100 columns and are left out. When rustfmt is
//! not installed the tests print a notice and pass.

use std::io::Write;
use std::process::{Command, Stdio};

use super::*;
use crate::ir::{Constraints, Enum, Field, Num, StringKind, Struct, Ty, Usage};
use layout::test_hooks;

/// rustfmt's options matching the writer's layout.
const CONFIG: &str =
    "max_width=89,use_small_heuristics=Max,struct_lit_width=26,reorder_imports=false";

/// `text` formatted by rustfmt, or `None` when rustfmt is not installed.
fn rustfmt(text: &str) -> Option<String> {
    let child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout", "--config", CONFIG])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("notice: rustfmt is not installed; the layout is not compared with it");
            return None;
        }
        Err(e) => panic!("cannot run rustfmt: {e}"),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = text.to_owned();
    // Written from another thread: rustfmt answers while it reads.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("rustfmt runs");
    writer
        .join()
        .expect("writer")
        .expect("rustfmt reads its input");
    assert!(
        out.status.success(),
        "rustfmt fails: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("UTF-8"))
}

/// Items written for a module (depth 1), each in a module of its own.
#[derive(Default)]
struct Modules {
    /// What each item is, for the failure message.
    what: Vec<String>,
    file: String,
}

impl Modules {
    fn push(&mut self, what: &str, text: &str) {
        self.file
            .push_str(&format!("mod m{} {{\n", self.what.len()));
        self.file.push_str(text);
        self.file.push_str("}\n");
        self.what.push(what.to_owned());
    }

    /// The items, and rustfmt's layout of each (`None` when rustfmt is missing).
    fn formatted(&self) -> Option<Vec<(String, String, String)>> {
        let formatted = rustfmt(&self.file)?;
        let ours: Vec<&str> = self.file.split("\nmod m").collect();
        let theirs: Vec<&str> = formatted.split("\nmod m").collect();
        assert_eq!(ours.len(), theirs.len(), "rustfmt keeps every item");
        Some(
            self.what
                .iter()
                .zip(ours.iter().zip(theirs))
                .map(|(w, (o, t))| (w.clone(), (*o).to_owned(), t.to_owned()))
                .collect(),
        )
    }
}

/// The writer's items checked against rustfmt: an item in which the writer broke no group
/// is exactly what rustfmt makes of it (every line fits, as rustfmt agrees); an item in
/// which it broke some group, written with every group flat, is not (that line is over
/// the margin for rustfmt too).
#[derive(Default)]
struct Items {
    flat: Modules,
    broken: Modules,
    /// Items with a line over the margin and no group to break.
    unbreakable: usize,
}

/// Whether a line of code (not a doc comment) is longer than the room its indentation
/// leaves.
fn over_margin(text: &str) -> bool {
    text.lines().any(|l| {
        let code = l.trim_start();
        let indent = l.len() - code.len();
        !code.starts_with("///") && l.len() > layout::MARGIN.max(indent + 60)
    })
}

impl Items {
    /// The item `make` writes.
    fn add(&mut self, what: &str, make: impl Fn() -> String) {
        test_hooks::take_broken();
        let text = make();
        if test_hooks::take_broken() == 0 {
            self.add_flat(what, &text);
        } else {
            self.broken.push(what, &test_hooks::all_flat(&make));
        }
    }

    /// An item written twice, as the writer lays it out and with every group flat.
    fn add_both(&mut self, what: &str, text: &str, all_flat: &str) {
        if text == all_flat {
            self.add_flat(what, text);
        } else {
            self.broken.push(what, all_flat);
        }
    }

    /// An item in which no group is broken: compared with rustfmt unless a line is over the
    /// margin with nothing to break (a long name, a long type), which rustfmt would break
    /// in a place of its own.
    fn add_flat(&mut self, what: &str, text: &str) {
        if over_margin(text) {
            self.unbreakable += 1;
        } else {
            self.flat.push(what, text);
        }
    }

    /// Checks every item; `false` when rustfmt is missing.
    fn check(self, at_least_flat: usize, at_least_broken: usize) -> bool {
        assert!(
            self.flat.what.len() >= at_least_flat,
            "{} flat",
            self.flat.what.len()
        );
        assert!(
            self.broken.what.len() >= at_least_broken,
            "{} broken",
            self.broken.what.len()
        );
        let Some(flat) = self.flat.formatted() else {
            return false;
        };
        let differ: Vec<_> = flat.iter().filter(|(_, o, t)| o != t).collect();
        for (what, ours, theirs) in differ.iter().take(3) {
            eprintln!("{what} differs:\n{ours}\nrustfmt:\n{theirs}");
        }
        assert!(
            differ.is_empty(),
            "{} of {} items differ from rustfmt",
            differ.len(),
            flat.len()
        );
        // A broken group breaks a line over the margin (rustfmt leaves a line it cannot
        // lay out as it is), or a `Self { .. }` wider than rustfmt keeps on one line.
        let broken = self.broken.formatted().expect("rustfmt");
        let kept: Vec<_> = broken
            .iter()
            .filter(|(_, o, t)| o == t && !over_margin(o))
            .collect();
        for (what, ours, _) in kept.iter().take(3) {
            eprintln!("{what} is broken, yet fits for rustfmt:\n{ours}");
        }
        assert!(
            kept.is_empty(),
            "{} of {} broken items fit",
            kept.len(),
            broken.len()
        );
        true
    }

    /// The writer's items of a struct: its impls and, for inputs, its builder and checks.
    fn structure(&mut self, s: &Struct, scope: Scope, request_id: bool) {
        self.add("definition", || {
            structs::definition(s, scope, "A struct.", request_id, 1)
        });
        self.add("FromJson", || structs::from_json(s, request_id, 1));
        self.add("ToJson", || structs::to_json(s, request_id, 1));
        self.add("impl_serde", || structs::serde(&s.name, 1));
        self.add("Debug", || structs::debug(&s.name, 1));
        if s.usage.input {
            self.add("Validate", || structs::validate(s, 1));
            self.add("builder", || structs::builder(s, scope, 1));
        }
    }
}

/// A field with everything but its name, type and constraints left empty.
fn field(rust: &str, wire: &str, ty: Ty, optional: bool, boxed: bool, c: Constraints) -> Field {
    Field {
        wire: wire.to_owned(),
        rust: rust.to_owned(),
        setter: rust.to_owned(),
        ty,
        optional,
        boxed,
        defaultable: true,
        required: !optional,
        nullable: false,
        deprecated: false,
        sensitive: false,
        description: None,
        example: None,
        unit: None,
        default: None,
        constraints: c,
        spec_type: "String".to_owned(),
    }
}

fn structure(name: &str, fields: Vec<Field>, input: bool) -> Struct {
    Struct {
        name: name.to_owned(),
        wire: name.to_owned(),
        description: None,
        fields,
        usage: Usage {
            input,
            output: !input,
        },
    }
}

/// Fields of every type and constraint the checks know, named with `n` extra letters.
fn fields_of_length(n: usize) -> Vec<Field> {
    let (r, w) = ("x".repeat(n), "W".repeat(n));
    let text = Ty::String(StringKind::Text);
    let length = Constraints {
        length: Some((Some(1), Some(n as u64))),
        ascii: true,
        ..Constraints::default()
    };
    let items = Constraints {
        items: Some((None, Some(100))),
        length: Some((None, Some(7))),
        ..Constraints::default()
    };
    let range = |min, max| Constraints {
        range: Some((min, max)),
        ..Constraints::default()
    };
    let nested = Ty::List(Box::new(Ty::List(Box::new(Ty::I64))));
    let f = |p: &str, ty: Ty, optional: bool, boxed: bool, c: Constraints| {
        field(
            &format!("{p}{r}"),
            &format!("{}{w}", p.to_uppercase()),
            ty,
            optional,
            boxed,
            c,
        )
    };
    vec![
        f("s", text.clone(), false, false, length.clone()),
        f("o", text.clone(), true, false, length),
        f("l", Ty::List(Box::new(text)), true, false, items),
        f(
            "i",
            Ty::I64,
            false,
            false,
            range(Some(Num::Int(-5)), Some(Num::UInt(u64::MAX))),
        ),
        f(
            "u",
            Ty::U64,
            true,
            false,
            range(None, Some(Num::Float(1e3))),
        ),
        f(
            "f",
            Ty::F64,
            true,
            false,
            range(Some(Num::Float(0.5)), None),
        ),
        f("n", nested, false, false, range(Some(Num::Int(0)), None)),
        f(
            "b",
            Ty::Struct(format!("T{r}"), format!("T{w}")),
            true,
            true,
            Constraints::default(),
        ),
        // A data type without `Default`: required inputs of it are read with `?`.
        Field {
            defaultable: false,
            ..f(
                "d",
                Ty::Struct(format!("U{r}"), format!("U{w}")),
                false,
                true,
                Constraints::default(),
            )
        },
        f(
            "e",
            Ty::Enum(format!("E{r}")),
            false,
            false,
            Constraints::default(),
        ),
        f("y", Ty::Binary, false, false, Constraints::default()),
        f("t", Ty::Bool, true, false, Constraints::default()),
    ]
}

#[test]
fn structs_equal_rustfmt_across_the_margin() {
    let mut items = Items::default();
    for n in 0..=90 {
        let fields = fields_of_length(n);
        let name = format!("S{}", "x".repeat(n));
        for input in [true, false] {
            for scope in [Scope::Action, Scope::Types] {
                // Every field at once, each one alone (one-field struct expressions are
                // laid out by width), and the required ones (the constructor's signature).
                items.structure(&structure(&name, fields.clone(), input), scope, !input);
                for f in &fields {
                    let one = structure("One", vec![f.clone()], input);
                    items.structure(&one, scope, !input);
                }
                for k in 1..=fields.len() {
                    let required: Vec<Field> = fields
                        .iter()
                        .filter(|f| !f.optional)
                        .take(k)
                        .cloned()
                        .collect();
                    items.structure(&structure("Few", required, input), scope, false);
                }
            }
        }
        // Short fields whose names grow one letter at a time cross the struct width rule.
        let short = field(
            &"a".repeat(n + 1),
            "A",
            Ty::Bool,
            false,
            false,
            Constraints::default(),
        );
        let name = format!("S{}", "s".repeat(n));
        items.structure(&structure(&name, vec![short], true), Scope::Action, false);
    }
    items.check(10_000, 1000);
}

#[test]
fn enums_equal_rustfmt_across_the_margin() {
    let mut items = Items::default();
    for n in 0..=90 {
        for count in [1, 2, 3, 5] {
            let values: Vec<(String, String, Option<String>)> = (0..count)
                .map(|i| {
                    let wire = format!("{i}{}\"é", "w".repeat(n));
                    let variant = format!("V{i}{}", "v".repeat(n));
                    (wire, variant, (i == 1).then(|| "a *value*".to_owned()))
                })
                .collect();
            let e = Enum {
                name: format!("E{}", "e".repeat(n)),
                owner: "Type.Field".to_owned(),
                values,
                open: count % 2 == 0,
            };
            items.add("enum", || enums::text(&e, 1));
        }
    }
    items.check(30, 100);
}

#[test]
fn actions_and_reexports_equal_rustfmt_across_the_margin() {
    let model = test_model();
    let template = model
        .services
        .iter()
        .flat_map(|s| &s.actions)
        .find(|a| a.pagination.is_some())
        .expect("an action that pages");
    let service = model
        .services
        .iter()
        .find(|s| s.actions.iter().any(|a| a.name == template.name))
        .expect("its service");
    let mut items = Items::default();
    let mut uses = String::new();
    for n in 0..=90 {
        for (m, token) in [(0, None), (n / 2, Some(true)), (n / 3, Some(false))] {
            let mut a = template.clone();
            a.name = format!("A{}\\", "a".repeat(n));
            a.module = format!("m{}", "m".repeat(n));
            a.request.name = format!("R{}", "r".repeat(n));
            a.response.name = format!("P{}", "p".repeat(m));
            a.error_name = format!("E{}", "e".repeat(n + m));
            a.rate_limit = token.map(|_| 20);
            a.timeout = token.map(|_| 30);
            a.request.fields.retain(|f| f.wire != "ClientToken");
            if let Some(optional) = token {
                let c = Constraints::default();
                let text = Ty::String(StringKind::Text);
                let name = format!("c{}", "c".repeat(n));
                a.request
                    .fields
                    .push(field(&name, "ClientToken", text, optional, false, c));
            }
            items.add("Action", || action_impl(&a, 1));
            items.add("Paginated", || {
                paginate::paginated_impl(service, &a, 1).expect("pages")
            });
            let names = [&a.request.name, &a.response.name, &a.error_name];
            test_hooks::take_broken();
            let text = reexport(&a.module, names);
            if test_hooks::take_broken() == 0 {
                uses.push_str(&text);
            }
        }
    }
    if items.check(100, 100) {
        assert_eq!(rustfmt(&uses).as_deref(), Some(uses.as_str()));
    }
}

fn test_model() -> Model {
    let (_, model) = crate::load_and_check(&[crate::test_specs::dir()]).expect("test specs");
    model
}

/// Whether a piece is an error enum, which keeps to 100 columns rather than the margin.
fn error_enum(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim_start().starts_with("///"))
        .is_some_and(|l| l.trim_start().starts_with("#[non_exhaustive]"))
}

/// Every other item generated from the test specs and the fixtures (each service with its
/// types, waiters, actions and payloads) is what rustfmt makes of it.
#[test]
fn generated_items_equal_rustfmt() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut models = vec![test_model()];
    for f in ["constructs.yaml", "streaming.yaml", "upload.yaml"] {
        let (_, m) = crate::load_and_check(&[fixtures.join(f)]).expect("fixture checks");
        models.push(m);
    }
    let mut items = Items::default();
    // File-level items (the service's metadata, re-exports, waiters), as one file: those
    // laid out flat, and each of the others written flat.
    let mut file_level = (String::new(), Vec::new());
    /// The pieces of a service, as written and with every group flat, side by side.
    fn walk(
        pieces: Vec<Piece>,
        flat: Vec<Piece>,
        depth: usize,
        items: &mut Items,
        file_level: &mut (String, Vec<String>),
    ) {
        for (p, f) in pieces.into_iter().zip(flat) {
            match (p, f) {
                (Piece::Text(text), _) if error_enum(&text) => {}
                (Piece::Text(text), Piece::Text(flat)) if depth == 1 => {
                    items.add_both("item", &text, &flat)
                }
                (Piece::Text(text), Piece::Text(flat)) if text == flat => {
                    file_level.0.push_str(&text)
                }
                (Piece::Text(_), Piece::Text(flat)) => file_level.1.push(flat),
                (Piece::Module(m), Piece::Module(f)) => {
                    walk(m.pieces, f.pieces, depth + 1, items, file_level)
                }
                _ => panic!("the pieces written flat are the same pieces"),
            }
        }
    }
    for model in models {
        for s in &model.services {
            let flat = test_hooks::all_flat(|| service_pieces(s, false));
            walk(
                service_pieces(s, false),
                flat,
                0,
                &mut items,
                &mut file_level,
            );
        }
    }
    if items.check(1000, 100) {
        let (flat, broken) = file_level;
        assert_eq!(rustfmt(&flat).as_deref(), Some(flat.as_str()));
        assert!(!broken.is_empty());
        for b in broken {
            assert!(
                over_margin(&b) || rustfmt(&b).as_deref() != Some(b.as_str()),
                "fits:\n{b}"
            );
        }
    }
}
