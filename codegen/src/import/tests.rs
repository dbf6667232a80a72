//! Importer tests over the fixtures in codegen/tests/fixtures.
