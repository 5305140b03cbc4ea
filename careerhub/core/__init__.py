"""The base code every app builds on. It imports no app of this project (docs/architecture.md)."""
