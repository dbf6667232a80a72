//! The text writers against prettyplease: over the test specs, and over made-up shapes whose
//! names, values and field counts sweep the line lengths across the margin, every item the
//! writers lay out is the text prettyplease prints for the same item's tree.

use super::*;
use crate::ir::{Constraints, Enum, Field, Num, StringKind, Struct, Ty, Usage};

/// How many items were compared as text, and how many the writers left to prettyplease.
#[derive(Default)]
struct Tally {
    text: usize,
    printed: usize,
    /// What was left to prettyplease, for the failure message.
    left: std::collections::BTreeMap<String, usize>,
    /// Text that differs from prettyplease's: what, the text, prettyplease's.
    differ: Vec<(String, String, String)>,
}

impl Tally {
    /// `text`, when there is one, equals the tree printed at `depth`.
    fn agree(
        &mut self,
        what: &str,
        text: Option<String>,
        depth: usize,
        tree: impl FnOnce() -> Item,
    ) {
        match text {
            Some(text) => {
                let mut printed = String::new();
                print_item(tree(), depth, &mut printed);
                self.compare(what, text, printed);
            }
            None => self.left(what),
        }
    }

    fn compare(&mut self, what: &str, text: String, printed: String) {
        self.text += 1;
        if text != printed {
            self.differ.push((what.to_owned(), text, printed));
        }
    }

    /// Every text was prettyplease's, and `expect` holds.
    fn check(&self, expect: bool) {
        for (what, text, printed) in self.differ.iter().take(3) {
            eprintln!("{what} differs:\n{text}\nprettyplease:\n{printed}");
        }
        assert!(self.differ.is_empty(), "{} differ", self.differ.len());
        assert!(expect, "{:?} {:?}", (self.text, self.printed), self.left);
    }

    fn left(&mut self, what: &str) {
        self.printed += 1;
        *self.left.entry(what.to_owned()).or_default() += 1;
    }

    fn structure(&mut self, s: &Struct, scope: Scope, request_id: bool) {
        self.agree(
            "FromJson",
            structs::from_json_text(s, request_id, 1),
            1,
            || Item::Impl(structs::from_json_tree(s, request_id)),
        );
        self.agree("ToJson", structs::to_json_text(s, request_id, 1), 1, || {
            Item::Impl(structs::to_json_tree(s, request_id))
        });
        self.agree("impl_serde", structs::serde_text(&s.name, 1), 1, || {
            structs::impl_serde(&ident(&s.name), true)
        });
        self.agree("Debug", structs::debug_text(&s.name, 1), 1, || {
            Item::Impl(structs::debug_tree(&s.name))
        });
        if s.usage.input {
            self.agree("Validate", structs::validate_text(s, 1), 1, || {
                structs::validate_impl(s)
            });
            match structs::new_text(s, scope, 1) {
                Some(text) => self.compare("new", text, structs::new_printed(s, scope, 1)),
                None => self.left("new"),
            }
        }
    }

    fn enumeration(&mut self, e: &Enum) {
        match enums::text(e, 1) {
            Some(text) => {
                let mut pieces = Vec::new();
                enums::emit_tree(e, &mut pieces);
                self.compare("enum", text, print_together(pieces, 1));
            }
            None => self.left("enum"),
        }
    }

    fn action(&mut self, a: &Action) {
        self.agree("Action", action_text(a, 1), 1, || action_impl(a));
        let names = [&a.request.name, &a.response.name, &a.error_name];
        self.agree("use", reexport_text(&a.module, names), 0, || {
            reexport(ident(&a.module), names.map(|n| ident(n)))
        });
    }

    fn service(&mut self, s: &Service) {
        for t in &s.types {
            self.structure(t, Scope::Types, false);
        }
        for e in &s.type_enums {
            self.enumeration(e);
        }
        for a in &s.actions {
            self.structure(&a.request, Scope::Action, false);
            self.structure(&a.response, Scope::Action, true);
            self.action(a);
            for e in &a.enums {
                self.enumeration(e);
            }
        }
    }
}

fn test_model() -> Model {
    let (_, model) = crate::load_and_check(&[crate::test_specs::dir()]).expect("test specs");
    model
}

#[test]
fn text_equals_prettyplease_over_the_test_specs() {
    let mut tally = Tally::default();
    for s in &test_model().services {
        tally.service(s);
    }
    // Nearly everything is written as text; prettyplease prints only lines broken twice.
    tally.check(tally.text > 1000 && tally.printed * 50 < tally.text);
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
    vec![
        field(
            &format!("s{r}"),
            &format!("S{w}"),
            text.clone(),
            false,
            false,
            length.clone(),
        ),
        field(
            &format!("o{r}"),
            &format!("O{w}"),
            text.clone(),
            true,
            false,
            length,
        ),
        field(
            &format!("l{r}"),
            &format!("L{w}"),
            Ty::List(Box::new(text)),
            true,
            false,
            items,
        ),
        field(
            &format!("i{r}"),
            &format!("I{w}"),
            Ty::I64,
            false,
            false,
            range(Some(Num::Int(-5)), Some(Num::UInt(u64::MAX))),
        ),
        field(
            &format!("u{r}"),
            &format!("U{w}"),
            Ty::U64,
            true,
            false,
            range(None, Some(Num::Float(1e3))),
        ),
        field(
            &format!("f{r}"),
            &format!("F{w}"),
            Ty::F64,
            true,
            false,
            range(Some(Num::Float(0.5)), None),
        ),
        field(
            &format!("n{r}"),
            &format!("N{w}"),
            nested,
            false,
            false,
            range(Some(Num::Int(0)), None),
        ),
        field(
            &format!("b{r}"),
            &format!("B{w}"),
            Ty::Struct(format!("T{r}"), format!("T{w}")),
            true,
            true,
            Constraints::default(),
        ),
        // A data type without `Default`: required inputs of it are read with `?`.
        Field {
            defaultable: false,
            ..field(
                &format!("d{r}"),
                &format!("D{w}"),
                Ty::Struct(format!("U{r}"), format!("U{w}")),
                false,
                true,
                Constraints::default(),
            )
        },
        field(
            &format!("e{r}"),
            &format!("E{w}"),
            Ty::Enum(format!("E{r}")),
            false,
            false,
            Constraints::default(),
        ),
        field(
            &format!("y{r}"),
            &format!("Y{w}"),
            Ty::Binary,
            false,
            false,
            Constraints::default(),
        ),
        field(
            &format!("t{r}"),
            &format!("T{w}"),
            Ty::Bool,
            true,
            false,
            Constraints::default(),
        ),
    ]
}

#[test]
fn text_equals_prettyplease_across_the_margin() {
    let mut tally = Tally::default();
    for n in 0..=90 {
        let fields = fields_of_length(n);
        let name = format!("S{}", "x".repeat(n));
        for input in [true, false] {
            for scope in [Scope::Action, Scope::Types] {
                // Every field at once, each one alone (one-field struct expressions are
                // laid out by width), and the required ones (the constructor's signature).
                tally.structure(&structure(&name, fields.clone(), input), scope, !input);
                for f in &fields {
                    let one = structure("One", vec![f.clone()], input);
                    tally.structure(&one, scope, !input);
                }
                for k in 1..=fields.len() {
                    let required: Vec<Field> = fields
                        .iter()
                        .filter(|f| !f.optional)
                        .take(k)
                        .cloned()
                        .collect();
                    tally.structure(&structure("Few", required, input), scope, false);
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
        tally.structure(&structure(&name, vec![short], true), Scope::Action, false);
    }
    tally.check(tally.text > 1000 && tally.printed > 0);
}

#[test]
fn enums_equal_prettyplease_across_the_margin() {
    let mut tally = Tally::default();
    for n in 0..=90 {
        for count in [1, 2, 3, 5] {
            let values = (0..count)
                .map(|i| {
                    let wire = format!("{i}{}\"é", "w".repeat(n));
                    let variant = format!("V{i}{}", "v".repeat(n));
                    (wire, variant, (i == 1).then(|| "a *value*".to_owned()))
                })
                .collect();
            tally.enumeration(&Enum {
                name: format!("E{}", "e".repeat(n)),
                owner: "Type.Field".to_owned(),
                values,
                open: count % 2 == 0,
            });
        }
    }
    tally.check(tally.text > 100 && tally.printed > 0);
}

#[test]
fn actions_and_reexports_equal_prettyplease_across_the_margin() {
    let model = test_model();
    let template = model
        .services
        .iter()
        .flat_map(|s| &s.actions)
        .find(|a| matches!(a.payload, crate::ir::Payload::Json))
        .expect("an action");
    let mut tally = Tally::default();
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
            tally.action(&a);
        }
    }
    tally.check(tally.text > 100 && tally.printed > 0);
}

#[test]
fn debug_of_a_name_too_long_for_the_text_is_printed_from_its_tree() {
    let name = format!("S{}", "x".repeat(80));
    assert!(structs::debug_text(&name, 1).is_none());
    let mut printed = String::new();
    print_item(Item::Impl(structs::debug_tree(&name)), 1, &mut printed);
    assert!(printed.contains(&format!("for {name} {{")), "{printed}");
    assert!(printed.contains(&format!("\"{name}\",")), "{printed}");
    assert!(!printed.contains("Placeholder"), "{printed}");
}
